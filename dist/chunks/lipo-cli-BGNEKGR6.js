import {
  LIPO_USAGE,
  parseLipoArgs,
  runLipo
} from "./chunk-EBHKHMDH.js";
import "./chunk-CLWQRHXC.js";
import "./chunk-L373MPJF.js";
import "./chunk-RH66WDZH.js";
import "./chunk-6ZRI6CPZ.js";
import "./chunk-SFIDMTKM.js";
export {
  LIPO_USAGE,
  parseLipoArgs,
  runLipo
};
