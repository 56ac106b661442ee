import {
  fynePackageStep,
  withWindowsResources
} from "./chunk-PVIPCCHH.js";
import "./chunk-6AFBVCEV.js";
import "./chunk-OBW2XLCJ.js";
import "./chunk-XERPXZ7S.js";
import "./chunk-KY7HVE76.js";
import "./chunk-5MY5RUWP.js";
import "./chunk-RFMJVKYR.js";
import "./chunk-KFJK2ZES.js";
import "./chunk-KCHE2E5Y.js";
import "./chunk-BWPQGD42.js";
import "./chunk-DBNYSC5C.js";
import "./chunk-NEUFGH5P.js";
import "./chunk-CTUT5AQU.js";
import "./chunk-7DO46D7E.js";
import "./chunk-FBKFR6OD.js";
import "./chunk-MRZ3A4BH.js";
import "./chunk-266HZTFF.js";
import "./chunk-PI4MXL3D.js";
import "./chunk-6CLW66DV.js";
import "./chunk-MCJ2FD2F.js";
import "./chunk-ZOKSPSVI.js";
import "./chunk-QQHFLWLX.js";
import "./chunk-WCZD6FA5.js";
import "./chunk-K4DALLU4.js";
import "./chunk-LHSVOPIB.js";
import "./chunk-ET2PU4VS.js";
import "./chunk-CAERU2TX.js";
import "./chunk-TP7NBEYG.js";
import "./chunk-CX7QWEJI.js";
import "./chunk-AYZTICSL.js";
import "./chunk-6WRZDILG.js";
import "./chunk-5DMHZ5OM.js";
import "./chunk-NVIS2CD6.js";
import "./chunk-LM23WKPA.js";
import "./chunk-CLWQRHXC.js";
import "./chunk-L373MPJF.js";
import "./chunk-RH66WDZH.js";
import "./chunk-3FOH5IKW.js";
import "./chunk-6ZRI6CPZ.js";
import "./chunk-SFIDMTKM.js";
export {
  fynePackageStep,
  withWindowsResources
};
