import {
  githubRuntime
} from "./chunks/chunk-DGEJ2ACI.js";
import {
  runMain
} from "./chunks/chunk-WQVZ27LW.js";
import "./chunks/chunk-2AJG6M53.js";
import "./chunks/chunk-KCHE2E5Y.js";
import "./chunks/chunk-BWPQGD42.js";
import "./chunks/chunk-DBNYSC5C.js";
import "./chunks/chunk-NEUFGH5P.js";
import "./chunks/chunk-CTUT5AQU.js";
import "./chunks/chunk-7DO46D7E.js";
import "./chunks/chunk-FBKFR6OD.js";
import "./chunks/chunk-MRZ3A4BH.js";
import "./chunks/chunk-266HZTFF.js";
import "./chunks/chunk-PI4MXL3D.js";
import "./chunks/chunk-6CLW66DV.js";
import "./chunks/chunk-M65UNIAF.js";
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
  debug,
  setFailed
} from "./chunks/chunk-23MOHGKS.js";
import "./chunks/chunk-6WRZDILG.js";
import "./chunks/chunk-RH66WDZH.js";
import "./chunks/chunk-3FOH5IKW.js";
import {
  errorMessage
} from "./chunks/chunk-6ZRI6CPZ.js";
import "./chunks/chunk-SFIDMTKM.js";

// src/main.ts
try {
  await runMain(githubRuntime());
} catch (err) {
  setFailed(annotationText(errorMessage(err)));
  if (process.env.RUNNER_DEBUG === "1" && err instanceof Error && err.stack) debug(annotationText(err.stack));
}
process.exit();
