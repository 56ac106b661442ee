import {
  APPLE_TIMESTAMP_URL,
  TIMESTAMP_INPUT,
  parseTimestampUrl,
  requestTimestamp,
  timestampRequest,
  tokenFromReply,
  tokenImprint
} from "./chunk-2U4BUOEE.js";
import "./chunk-3FOH5IKW.js";
import "./chunk-YYSTWTUX.js";
import "./chunk-6ZRI6CPZ.js";
import "./chunk-SFIDMTKM.js";
export {
  APPLE_TIMESTAMP_URL,
  TIMESTAMP_INPUT,
  parseTimestampUrl,
  requestTimestamp,
  timestampRequest,
  tokenFromReply,
  tokenImprint
};
