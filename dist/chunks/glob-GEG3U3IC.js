import {
  create,
  hashFiles
} from "./chunk-GORK5MJO.js";
import "./chunk-23MOHGKS.js";
import "./chunk-6WRZDILG.js";
import "./chunk-SFIDMTKM.js";
export {
  create,
  hashFiles
};
