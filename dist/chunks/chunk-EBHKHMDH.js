import {
  copyRange,
  layoutFat,
  verifySliceSignature,
  writeFat,
  writeOut
} from "./chunk-CLWQRHXC.js";
import {
  MAXSECTALIGN,
  MH_EXECUTE,
  archNames,
  findArchByName,
  readMachO,
  sameArch,
  sliceAlignment
} from "./chunk-L373MPJF.js";
import {
  open
} from "./chunk-RH66WDZH.js";
import {
  UserError,
  errorMessage
} from "./chunk-6ZRI6CPZ.js";

// src/macho/thin.ts
function findSlice(file, arch) {
  const flag = findArchByName(arch);
  if (!flag) return file.slices.find((s) => s.arch === arch);
  return file.slices.find((s) => sameArch(s, flag));
}
function requireArchName(arch) {
  if (!findArchByName(arch)) throw new UserError(`architecture "${arch}" is unknown; use one of ${archNames()}`);
}
async function thin(path, arch, output, root) {
  requireArchName(arch);
  const file = await readMachO(path);
  if (!file.fat) throw new UserError(`${path}: must be a universal (fat) file when -thin is given; it is a thin ${file.slices[0].arch} file`);
  const slice = findSlice(file, arch);
  if (!slice) throw new UserError(`${path}: has no ${arch} slice; it has ${file.slices.map((s) => s.arch).join(", ")}`);
  await writeOut(
    output,
    file.mode,
    async (out) => {
      const src = await open(path, "r");
      try {
        await copyRange(src, slice.offset, out, 0, slice.size, path);
      } finally {
        await src.close();
      }
    },
    root
  );
  return slice;
}

// src/macho/verify.ts
function readerFor(fh, base) {
  return async (position, length) => {
    const buf = Buffer.allocUnsafe(length);
    let got = 0;
    while (got < length) {
      const { bytesRead } = await fh.read(buf, got, length - got, base + position + got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return buf.subarray(0, got);
  };
}
function checkLayout(file) {
  const problems = [];
  if (!file.fat) {
    problems.push(`${file.path}: not a universal file (thin ${file.slices[0]?.arch})`);
    return problems;
  }
  if (file.fat.is64 && file.slices.some((s) => s.header.filetype === MH_EXECUTE))
    problems.push(`${file.path}: executable with a fat64 header; macOS does not load fat64 executables`);
  const bySpot = [...file.slices].sort((a, b) => a.offset - b.offset);
  for (let i = 0; i < bySpot.length; i++) {
    const s = bySpot[i];
    const expected = sliceAlignment(s.header);
    if (s.align > MAXSECTALIGN) problems.push(`${s.arch}: alignment 2^${s.align} is above 2^${MAXSECTALIGN}`);
    if (s.offset % 2 ** s.align !== 0) problems.push(`${s.arch}: offset ${s.offset} is not a multiple of its alignment 2^${s.align}`);
    if (s.offset % 2 ** expected !== 0) problems.push(`${s.arch}: offset ${s.offset} is not page aligned (2^${expected})`);
    if (s.offset + s.size > file.size) problems.push(`${s.arch}: slice ends at ${s.offset + s.size}, past the file end ${file.size}`);
    if (!file.fat.is64 && (s.offset > 4294967295 || s.size > 4294967295)) problems.push(`${s.arch}: offset or size does not fit 32 bits`);
    const next = bySpot.at(i + 1);
    if (next && s.offset + s.size > next.offset) problems.push(`${s.arch}: slice overlaps the ${next.arch} slice`);
    for (const other of file.slices) if (other !== s && other.offset > s.offset && sameArch(other, s)) problems.push(`${s.arch}: architecture appears twice`);
  }
  const types = new Set(file.slices.map((s) => s.header.filetype));
  if (types.size > 1) problems.push(`slices have different Mach-O file types`);
  return problems;
}
async function verifyUniversal(path) {
  let file;
  try {
    file = await readMachO(path);
  } catch (err) {
    if (err instanceof UserError) return { path, fat: false, fat64: false, slices: [], problems: [err.message], ok: false };
    throw err;
  }
  const problems = checkLayout(file);
  const slices = [];
  const fh = await open(path, "r");
  try {
    for (const s of file.slices) {
      const signature = await verifySliceSignature(s.header, s.size, readerFor(fh, s.offset));
      for (const p of signature.problems) problems.push(`${s.arch}: code signature: ${p}`);
      slices.push({ arch: s.arch, offset: s.offset, size: s.size, align: s.align, expectedAlign: sliceAlignment(s.header), signature });
    }
  } finally {
    await fh.close();
  }
  return { path, fat: file.fat !== null, fat64: file.fat?.is64 ?? false, slices, problems, ok: problems.length === 0 };
}
async function verifyArch(path, archs) {
  const file = await readMachO(path);
  return archs.every((a) => findSlice(file, a) !== void 0);
}

// src/macho/create.ts
async function createUniversal(opts) {
  if (opts.inputs.length === 0) throw new UserError("lipo -create: no input files; give one or more Mach-O files for macOS");
  if (!opts.output) throw new UserError("lipo -create: no output file; give -output <file>");
  const files = [];
  for (const p of opts.inputs) files.push(await readMachO(p));
  const layout = layoutFat(files.flatMap((f) => f.slices));
  const mode = files.reduce((m, f) => m | f.mode & 511, 0);
  await writeFat(layout, opts.output, mode, opts.root);
  return {
    output: opts.output,
    size: layout.totalSize,
    slices: layout.slices.map((s) => ({ arch: s.arch, offset: s.outOffset, size: s.size, align: s.align, from: s.path }))
  };
}

// src/macho/lipo-cli.ts
var LIPO_USAGE = [
  "usage: lipo <input_file>... <command> [<options>]",
  "  -create <input>... -output <file>",
  "  -info <file>...   |   -archs <file>",
  "  -thin <arch_type> -output <file> <input>",
  "  -verify_arch <arch_type>... [<input>]",
  "  -verify <file>    (read back a universal file: layout and code signatures)"
].join("\n");
function usageError(problem) {
  return new UserError(
    `lipo: ${problem}; usage: lipo -create a b -output c | -info f | -archs f | -thin arch -output o f | -verify_arch arch... f | -verify f`
  );
}
function parseLipoArgs(argv) {
  let command;
  const inputs = [];
  const archs = [];
  let output;
  let arch;
  const set = (c) => {
    if (command && command !== c) throw usageError(`-${c} cannot be combined with -${command}`);
    command = c;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = (what) => {
      const v = argv.at(++i);
      if (v === void 0 || v === "") throw usageError(`${a} needs ${what}`);
      return v;
    };
    switch (a) {
      case "-create":
      case "-info":
      case "-archs":
      case "-verify":
        set(a.slice(1));
        break;
      case "-output":
      case "-o":
        if (output !== void 0) throw usageError("-output given twice");
        output = next("a file name");
        break;
      case "-thin":
        set("thin");
        arch = next("an architecture");
        break;
      case "-arch": {
        const wanted = next("an architecture and a file");
        inputs.push(next("a file"));
        archs.push(wanted);
        break;
      }
      case "-verify_arch": {
        set("verify_arch");
        const rest = argv.slice(i + 1);
        i = argv.length;
        if (rest.length > 0 && inputs.length === 0 && !findArchByName(rest[rest.length - 1])) inputs.push(rest.pop());
        archs.push(...rest);
        if (archs.length === 0) throw usageError("-verify_arch needs at least one architecture");
        break;
      }
      default:
        if (a.startsWith("-") && a.length > 1) throw usageError(`unknown option ${a}`);
        inputs.push(a);
    }
  }
  if (!command) throw usageError("no command given");
  if (inputs.length === 0) throw usageError(`-${command} needs an input file`);
  if ((command === "create" || command === "thin") && !output) throw usageError(`-${command} needs -output <file>`);
  if ((command === "thin" || command === "archs" || command === "verify_arch" || command === "verify") && inputs.length !== 1)
    throw usageError(`-${command} takes exactly one input file, got ${inputs.length}`);
  for (const name of [...command === "thin" ? [arch] : [], ...archs]) if (!findArchByName(name)) throw usageError(`unknown architecture ${name}`);
  return { command, inputs, output, arch, archs };
}
async function runLipo(argv, io) {
  if (argv.length === 0 || argv.includes("-h") || argv.includes("-help") || argv.includes("--help")) {
    (argv.length === 0 ? io.stderr : io.stdout)(`${LIPO_USAGE}
`);
    return argv.length === 0 ? 1 : 0;
  }
  try {
    const args = parseLipoArgs(argv);
    switch (args.command) {
      case "create": {
        const files = [];
        for (const p of args.inputs) files.push(await readMachO(p));
        argv.forEach((a, i) => {
          if (a !== "-arch") return;
          const wanted = findArchByName(argv[i + 1]);
          const f = files.find((x) => x.path === argv[i + 2]);
          if (f && !f.slices.every((s) => s.cputype === wanted.cputype))
            throw new UserError(`${f.path}: -arch ${wanted.name} given but the file is ${f.slices.map((s) => s.arch).join(", ")}`);
        });
        await createUniversal({ inputs: args.inputs, output: args.output });
        return 0;
      }
      case "info":
        for (const p of args.inputs) {
          const f = await readMachO(p);
          const names = f.slices.map((s) => s.arch);
          io.stdout(f.fat ? `Architectures in the fat file: ${p} are: ${names.join(" ")} 
` : `Non-fat file: ${p} is architecture: ${names[0]} 
`);
        }
        return 0;
      case "archs": {
        const f = await readMachO(args.inputs[0]);
        io.stdout(`${f.slices.map((s) => `${s.arch} `).join("")}
`);
        return 0;
      }
      case "thin":
        await thin(args.inputs[0], args.arch, args.output);
        return 0;
      case "verify_arch":
        return await verifyArch(args.inputs[0], args.archs) ? 0 : 1;
      case "verify": {
        const r = await verifyUniversal(args.inputs[0]);
        for (const s of r.slices) {
          const sig = s.signature.signed ? `signature ${s.signature.valid ? "valid" : "INVALID"} (${s.signature.adhoc ? "ad hoc, " : ""}${s.signature.hashes.join("+")}, ${s.signature.pagesChecked} pages)` : "unsigned";
          io.stdout(`${s.arch}: offset ${s.offset} size ${s.size} align 2^${s.align} ${sig}
`);
        }
        for (const p of r.problems) io.stderr(`lipo: ${p}
`);
        return r.ok ? 0 : 1;
      }
    }
  } catch (err) {
    const msg = errorMessage(err);
    io.stderr(`${msg.startsWith("lipo:") ? msg : `lipo: ${msg}`}
`);
    return 1;
  }
}

export {
  verifyUniversal,
  createUniversal,
  LIPO_USAGE,
  parseLipoArgs,
  runLipo
};
