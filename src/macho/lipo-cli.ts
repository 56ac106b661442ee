/**
 * `lipo`-style command line over the built-in implementation:
 *   -create <in>... -output <out>     merge (fat inputs are flattened)
 *   -info <file>...                    print architectures like lipo
 *   -archs <file>                      print architecture names only
 *   -thin <arch> -output <out> <file>  extract one slice
 *   -verify_arch <arch>... [<file>]    exit 0 when the file has all of them, 1 otherwise
 *   -verify <file>                     (extension) read a universal file back and check layout
 *                                      and code signatures; prints problems, exit 1 if any
 * Output matches lipo/llvm-lipo byte for byte (including the trailing space before the newline).
 * Exit codes follow lipo: 0 on success, 1 on any error or a failed -verify_arch.
 */
import { errorMessage, UserError } from '../errors.js';
import { findArchByName } from './headers.js';
import { readMachO, type MachOFile } from './read.js';
import { thin } from './thin.js';
import { verifyArch, verifyUniversal } from './verify.js';
import { createUniversal } from './create.js';

export interface LipoIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

type Command = 'create' | 'info' | 'archs' | 'thin' | 'verify_arch' | 'verify';

export interface LipoArgs {
  command: Command;
  inputs: string[];
  output?: string;
  arch?: string;
  archs: string[];
}

export const LIPO_USAGE = [
  'usage: lipo <input_file>... <command> [<options>]',
  '  -create <input>... -output <file>',
  '  -info <file>...   |   -archs <file>',
  '  -thin <arch_type> -output <file> <input>',
  '  -verify_arch <arch_type>... [<input>]',
  '  -verify <file>    (read back a universal file: layout and code signatures)',
].join('\n');

function usageError(problem: string): UserError {
  return new UserError(
    `lipo: ${problem}; usage: lipo -create a b -output c | -info f | -archs f | -thin arch -output o f | -verify_arch arch... f | -verify f`,
  );
}

/** Parses lipo arguments (pure). Throws UserError naming what is wrong. */
export function parseLipoArgs(argv: readonly string[]): LipoArgs {
  let command: Command | undefined;
  const inputs: string[] = [];
  const archs: string[] = [];
  let output: string | undefined;
  let arch: string | undefined;
  const set = (c: Command) => {
    if (command && command !== c) throw usageError(`-${c} cannot be combined with -${command}`);
    command = c;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = (what: string): string => {
      const v = argv.at(++i);
      if (v === undefined || v === '') throw usageError(`${a} needs ${what}`);
      return v;
    };
    switch (a) {
      case '-create':
      case '-info':
      case '-archs':
      case '-verify':
        set(a.slice(1) as Command);
        break;
      case '-output':
      case '-o':
        if (output !== undefined) throw usageError('-output given twice');
        output = next('a file name');
        break;
      case '-thin':
        set('thin');
        arch = next('an architecture');
        break;
      case '-arch': {
        // -arch <arch> <file>: an input with its expected architecture (checked on create).
        const wanted = next('an architecture and a file');
        inputs.push(next('a file'));
        archs.push(wanted);
        break;
      }
      case '-verify_arch': {
        set('verify_arch');
        const rest = argv.slice(i + 1);
        i = argv.length;
        // lipo takes every following word as an architecture; accept a trailing file name too.
        if (rest.length > 0 && inputs.length === 0 && !findArchByName(rest[rest.length - 1])) inputs.push(rest.pop()!);
        archs.push(...rest);
        if (archs.length === 0) throw usageError('-verify_arch needs at least one architecture');
        break;
      }
      default:
        if (a.startsWith('-') && a.length > 1) throw usageError(`unknown option ${a}`);
        inputs.push(a);
    }
  }
  if (!command) throw usageError('no command given');
  if (inputs.length === 0) throw usageError(`-${command} needs an input file`);
  if ((command === 'create' || command === 'thin') && !output) throw usageError(`-${command} needs -output <file>`);
  if ((command === 'thin' || command === 'archs' || command === 'verify_arch' || command === 'verify') && inputs.length !== 1)
    throw usageError(`-${command} takes exactly one input file, got ${inputs.length}`);
  for (const name of [...(command === 'thin' ? [arch!] : []), ...archs]) if (!findArchByName(name)) throw usageError(`unknown architecture ${name}`);
  return { command, inputs, output, arch, archs };
}

/** Runs lipo with `argv` (without the program name); returns the exit code. */
export async function runLipo(argv: readonly string[], io: LipoIO): Promise<number> {
  if (argv.length === 0 || argv.includes('-h') || argv.includes('-help') || argv.includes('--help')) {
    (argv.length === 0 ? io.stderr : io.stdout)(`${LIPO_USAGE}\n`);
    return argv.length === 0 ? 1 : 0;
  }
  try {
    const args = parseLipoArgs(argv);
    switch (args.command) {
      case 'create': {
        const files: MachOFile[] = [];
        for (const p of args.inputs) files.push(await readMachO(p));
        // -arch <arch> <file>: the file must be that architecture.
        argv.forEach((a, i) => {
          if (a !== '-arch') return;
          const wanted = findArchByName(argv[i + 1])!;
          const f = files.find((x) => x.path === argv[i + 2]);
          if (f && !f.slices.every((s) => s.cputype === wanted.cputype))
            throw new UserError(`${f.path}: -arch ${wanted.name} given but the file is ${f.slices.map((s) => s.arch).join(', ')}`);
        });
        await createUniversal({ inputs: args.inputs, output: args.output! });
        return 0;
      }
      case 'info':
        for (const p of args.inputs) {
          const f = await readMachO(p);
          const names = f.slices.map((s) => s.arch);
          io.stdout(f.fat ? `Architectures in the fat file: ${p} are: ${names.join(' ')} \n` : `Non-fat file: ${p} is architecture: ${names[0]} \n`);
        }
        return 0;
      case 'archs': {
        const f = await readMachO(args.inputs[0]);
        io.stdout(`${f.slices.map((s) => `${s.arch} `).join('')}\n`);
        return 0;
      }
      case 'thin':
        await thin(args.inputs[0], args.arch!, args.output!);
        return 0;
      case 'verify_arch':
        return (await verifyArch(args.inputs[0], args.archs)) ? 0 : 1;
      case 'verify': {
        const r = await verifyUniversal(args.inputs[0]);
        for (const s of r.slices) {
          const sig = s.signature.signed
            ? `signature ${s.signature.valid ? 'valid' : 'INVALID'} (${s.signature.adhoc ? 'ad hoc, ' : ''}${s.signature.hashes.join('+')}, ${s.signature.pagesChecked} pages)`
            : 'unsigned';
          io.stdout(`${s.arch}: offset ${s.offset} size ${s.size} align 2^${s.align} ${sig}\n`);
        }
        for (const p of r.problems) io.stderr(`lipo: ${p}\n`);
        return r.ok ? 0 : 1;
      }
    }
  } catch (err) {
    const msg = errorMessage(err);
    io.stderr(`${msg.startsWith('lipo:') ? msg : `lipo: ${msg}`}\n`);
    return 1;
  }
}
