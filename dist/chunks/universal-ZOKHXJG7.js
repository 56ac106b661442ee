import {
  hasSystemLipo,
  nameFromInputs,
  planUniversalStage,
  runUniversal
} from "./chunk-D3CD7C3J.js";
import "./chunk-EBHKHMDH.js";
import "./chunk-XERPXZ7S.js";
import "./chunk-CX7QWEJI.js";
import "./chunk-AYZTICSL.js";
import "./chunk-6WRZDILG.js";
import "./chunk-5DMHZ5OM.js";
import "./chunk-NVIS2CD6.js";
import "./chunk-LM23WKPA.js";
import "./chunk-CLWQRHXC.js";
import "./chunk-L373MPJF.js";
import "./chunk-RH66WDZH.js";
import "./chunk-6ZRI6CPZ.js";
import "./chunk-SFIDMTKM.js";
export {
  hasSystemLipo,
  nameFromInputs,
  planUniversalStage,
  runUniversal
};
