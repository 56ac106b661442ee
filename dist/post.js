import {
  githubRuntime
} from "./chunks/chunk-DGEJ2ACI.js";
import {
  runPost
} from "./chunks/chunk-M65UNIAF.js";
import "./chunks/chunk-CRRQY3BT.js";
import {
  annotationText
} from "./chunks/chunk-PB3ZMGEC.js";
import "./chunks/chunk-MCJ2FD2F.js";
import "./chunks/chunk-ZOKSPSVI.js";
import "./chunks/chunk-QQHFLWLX.js";
import "./chunks/chunk-WCZD6FA5.js";
import "./chunks/chunk-K4DALLU4.js";
import "./chunks/chunk-LHSVOPIB.js";
import "./chunks/chunk-ET2PU4VS.js";
import "./chunks/chunk-CAERU2TX.js";
import "./chunks/chunk-TP7NBEYG.js";
import "./chunks/chunk-CX7QWEJI.js";
import "./chunks/chunk-AYZTICSL.js";
import {
  warning
} from "./chunks/chunk-23MOHGKS.js";
import "./chunks/chunk-6WRZDILG.js";
import "./chunks/chunk-RH66WDZH.js";
import "./chunks/chunk-3FOH5IKW.js";
import {
  errorMessage
} from "./chunks/chunk-6ZRI6CPZ.js";
import "./chunks/chunk-SFIDMTKM.js";

// src/post.ts
try {
  await runPost(githubRuntime());
} catch (err) {
  warning(annotationText(errorMessage(err)));
}
process.exit();
