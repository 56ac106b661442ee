import {
  checkArtifact,
  compareArtifact,
  describeArtifact,
  inspectFile
} from "./chunk-VSF7SR2Y.js";
import "./chunk-L373MPJF.js";
import "./chunk-RH66WDZH.js";
import "./chunk-6ZRI6CPZ.js";
import "./chunk-SFIDMTKM.js";
export {
  checkArtifact,
  compareArtifact,
  describeArtifact,
  inspectFile
};
