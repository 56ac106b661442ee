import {
  WriteRoot
} from "./chunk-RH66WDZH.js";

// src/system/fs.ts
import { promises as fsp, unlinkSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
function exists(p) {
  return fsp.stat(p).then(
    () => true,
    () => false
  );
}
function isFile(p) {
  return fsp.stat(p).then(
    (s) => s.isFile(),
    () => false
  );
}
async function writeAtomically(dest, mode, produce) {
  const root = await WriteRoot.create(dirname(dest), "output");
  await root.writeWith(basename(dest), produce, { mode });
}
function writeChunks(chunks, transform) {
  return async (fh) => {
    const sink = async (source) => {
      for await (const chunk of source) {
        let done = 0;
        while (done < chunk.length) done += (await fh.write(chunk, done, chunk.length - done, null)).bytesWritten;
      }
    };
    if (transform) await pipeline(Readable.from(chunks, { objectMode: false }), transform, sink);
    else await sink(chunks);
  };
}
async function forceRemove(p) {
  try {
    await fsp.rm(p, { recursive: true, force: true });
    return;
  } catch {
  }
  const stack = [p];
  while (stack.length) {
    const cur = stack.pop();
    try {
      const st = await fsp.lstat(cur);
      if (st.isDirectory()) {
        await fsp.chmod(cur, 493);
        for (const e of await fsp.readdir(cur)) stack.push(join(cur, e));
      }
    } catch {
    }
  }
  await fsp.rm(p, { recursive: true, force: true });
}
function unlinkInFolderSync(dir, name) {
  try {
    unlinkSync(join(dir, name));
  } catch {
  }
}
async function dirSize(dir) {
  let total = 0;
  const stack = [dir];
  while (stack.length) {
    const cur = stack.pop();
    let ents;
    try {
      ents = await fsp.readdir(cur, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of ents) {
      const p = join(cur, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (e.isFile()) total += (await fsp.stat(p).catch(() => ({ size: 0 }))).size;
    }
  }
  return total;
}

export {
  exists,
  isFile,
  writeAtomically,
  writeChunks,
  forceRemove,
  unlinkInFolderSync,
  dirSize
};
