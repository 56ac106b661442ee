import {
  CERT_INPUT,
  PASSWORD_INPUT,
  leafProblem,
  loadIdentity,
  subjectField
} from "./chunk-LIABIX5W.js";
import "./chunk-YYSTWTUX.js";
import "./chunk-6ZRI6CPZ.js";
import "./chunk-SFIDMTKM.js";
export {
  CERT_INPUT,
  PASSWORD_INPUT,
  leafProblem,
  loadIdentity,
  subjectField
};
