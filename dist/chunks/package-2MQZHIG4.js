import {
  fynePackageStep,
  withWindowsResources
} from "./chunk-IMST2JSU.js";
import "./chunk-6AFBVCEV.js";
import "./chunk-YJJE7SJW.js";
import "./chunk-XNAR36ZD.js";
import "./chunk-KY7HVE76.js";
import "./chunk-5MY5RUWP.js";
import "./chunk-RFMJVKYR.js";
import "./chunk-KFJK2ZES.js";
import "./chunk-IW6P35FF.js";
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
import "./chunk-UY5FDFU7.js";
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
import "./chunk-3GMFQTL3.js";
import "./chunk-NVIS2CD6.js";
import "./chunk-K7WQU27J.js";
import "./chunk-DZ7NNW6B.js";
import "./chunk-L373MPJF.js";
import "./chunk-RH66WDZH.js";
import "./chunk-3FOH5IKW.js";
import "./chunk-6ZRI6CPZ.js";
import "./chunk-SFIDMTKM.js";
export {
  fynePackageStep,
  withWindowsResources
};
