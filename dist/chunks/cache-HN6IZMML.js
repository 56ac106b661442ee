import {
  SYSPKG_STATE,
  cacheBackend,
  restoreCachesStep,
  saveCaches,
  systemLayerDir
} from "./chunk-OX3WE5C3.js";
import "./chunk-AEMLH7SV.js";
import "./chunk-Q5B3EQBL.js";
import "./chunk-KFJK2ZES.js";
import "./chunk-7DO46D7E.js";
import "./chunk-FBKFR6OD.js";
import "./chunk-MRZ3A4BH.js";
import "./chunk-266HZTFF.js";
import "./chunk-PI4MXL3D.js";
import "./chunk-6CLW66DV.js";
import "./chunk-WCZD6FA5.js";
import "./chunk-K4DALLU4.js";
import "./chunk-LHSVOPIB.js";
import "./chunk-ET2PU4VS.js";
import "./chunk-CX7QWEJI.js";
import "./chunk-AYZTICSL.js";
import "./chunk-6WRZDILG.js";
import "./chunk-RH66WDZH.js";
import "./chunk-6ZRI6CPZ.js";
import "./chunk-SFIDMTKM.js";
export {
  SYSPKG_STATE,
  cacheBackend,
  restoreCachesStep,
  saveCaches,
  systemLayerDir
};
