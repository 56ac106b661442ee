import {
  hasSystemLipo,
  nameFromInputs,
  planUniversalStage,
  runUniversal
} from "./chunk-VC2VFNTH.js";
import "./chunk-UQSOMV7B.js";
import "./chunk-XNAR36ZD.js";
import "./chunk-CX7QWEJI.js";
import "./chunk-AYZTICSL.js";
import "./chunk-6WRZDILG.js";
import "./chunk-3GMFQTL3.js";
import "./chunk-NVIS2CD6.js";
import "./chunk-K7WQU27J.js";
import "./chunk-DZ7NNW6B.js";
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
