/**
 * An .app leaves its job as a zip: a folder cannot be attached to a GitHub release, and
 * upload-artifact drops file modes (the app's executable would arrive 0644) and links. The zip
 * keeps both, in the layout `ditto -c -k --keepParent` makes (src/archive/zip-write.ts says what
 * was matched), which Finder, Archive Utility, `ditto -x -k`, unzip and bsdtar unpack into the
 * sealed bundle as it was.
 *
 * Name: `<name>_<version>_darwin_<arch>.app.zip` (`darwin_universal` for the universal app), the
 * base name of every other archive of the release (releaseBaseName), so the files sort together
 * and the name has no space: the app's display name ("Hello Fyne") is the folder inside, and
 * GitHub would turn a space in an asset name into a dot. `.app.zip` tells it from the binary's
 * own `.zip`/`.tar.gz` archive of the same target. Registered as kind 'archive' (it is one), so
 * SHA256SUMS, the job manifest, the `artifacts` output and the summary list it with no change to
 * any reader; `isAppZipName` tells it from a binary's archive.
 *
 * The fan-in reads one back with `extractAppZip`, through the safe zip reader: modes (0o777 bits
 * only) and links restored, links confined to the .app, every cap and name check of the reader.
 */
import { basename, join } from 'node:path';
import { tmpdir } from 'node:os';
import { artifactFromPath, type Artifact } from '../artifacts/registry.js';
import { folderEntries, zipStream, type ZipWriteEntry } from '../archive/zip-write.js';
import { extractZipTree, ZipFormatError, type ZipLimits } from '../archive/zip-read.js';
import { ArchiveLimitError } from '../archive/tar-read.js';
import { UnsafeEntryError } from '../archive/safe-path.js';
import { WriteRoot } from '../system/confine.js';
import { checkName } from '../system/names.js';
import { mkdtemp, rm } from '../system/owned-fs.js';
import { UserError } from '../errors.js';
import { releaseBaseName } from './archive.js';

export const APP_ZIP_SUFFIX = '.app.zip';

/** `<name>_<version>_darwin_<arch>.app.zip`, checked as a file name. */
export function appZipName(name: string, version: string, target: string): string {
  return checkName(`${releaseBaseName(name, version, target)}${APP_ZIP_SUFFIX}`, 'the .app zip name');
}

/** Whether a released file name is an .app zip (as opposed to a binary's archive). */
export function isAppZipName(fileName: string): boolean {
  return fileName.endsWith(APP_ZIP_SUFFIX) && fileName.length > APP_ZIP_SUFFIX.length;
}

/**
 * The zip entries of the bundle at `appDir`: `folderEntries` with the bundle's folder name on top,
 * and every file of Contents/MacOS (the bundle's executables) 0755 whatever mode it has on disk.
 */
export async function appZipEntries(appDir: string): Promise<ZipWriteEntry[]> {
  const top = basename(appDir);
  const entries = await folderEntries(appDir, top);
  const exeDir = `${top}/Contents/MacOS/`;
  return entries.map((e) => (e.type === 'file' && e.name.startsWith(exeDir) && !e.name.slice(exeDir.length).includes('/') ? { ...e, mode: 0o755 } : e));
}

export interface AppZipOptions {
  outputDir: string;
  /** File name stem (the app/binary name). */
  name: string;
  version: string;
  /** Seconds since the epoch on every entry (SOURCE_DATE_EPOCH). */
  mtime: number;
}

/**
 * Writes the zip of a registered .app (kind 'app') into output-dir through a WriteRoot (a temp
 * file renamed into place: a link at the name is replaced, never followed) and describes it as an
 * artifact of kind 'archive' for the app's target. The .app folder stays where it is.
 */
export async function writeAppZip(app: Artifact, o: AppZipOptions): Promise<Artifact> {
  if (app.kind !== 'app') throw new Error(`internal: ${app.path} is a ${app.kind}, not an .app`);
  const file = appZipName(o.name, o.version, app.target);
  const entries = await appZipEntries(app.path);
  const root = await WriteRoot.create(o.outputDir, 'output-dir');
  const dest = await root.writeWith(
    file,
    async (fh) => {
      for await (const chunk of zipStream(entries, { mtime: o.mtime })) {
        let done = 0;
        while (done < chunk.length) done += (await fh.write(chunk, done, chunk.length - done, null)).bytesWritten;
      }
    },
    { mode: 0o644 },
  );
  return artifactFromPath(dest, { target: app.target, kind: 'archive' });
}

export interface ExtractAppZipOptions extends ZipLimits {
  /** Scratch folder the action owns (RUNNER_TEMP); default the system temp folder. */
  tempDir?: string;
}

/**
 * Unpacks an .app zip into `dest` (a WriteRoot, or a folder path opened as one) and returns the
 * path of the .app there. The zip must hold exactly one folder named `*.app` (ditto's
 * `--keepParent` layout); it is extracted through the safe zip reader into a private temp folder
 * (modes and links restored, links confined to the .app, setuid/setgid/sticky bits dropped, caps
 * checked) and then moved into `dest`, where nothing may be at its name yet. A zip that breaks a
 * rule is a UserError naming the zip and what is wrong.
 */
export async function extractAppZip(zip: string, dest: WriteRoot | string, opts: ExtractAppZipOptions = {}): Promise<string> {
  const root = typeof dest === 'string' ? await WriteRoot.create(dest, 'the .app destination') : dest;
  const work = await mkdtemp(join(opts.tempDir ?? tmpdir(), 'app-zip-'));
  try {
    let top: string;
    let path: string;
    try {
      ({ top, path } = await extractZipTree(zip, work, { ...opts, topSuffix: '.app' }));
      checkName(top, `the .app in ${basename(zip)}`);
    } catch (err) {
      if (err instanceof UnsafeEntryError || err instanceof ArchiveLimitError) throw new UserError(`${basename(zip)}: ${err.message}`);
      if (err instanceof ZipFormatError) throw new UserError(`${basename(zip)} is not a readable .app zip: ${err.message}`);
      throw err;
    }
    return await root.moveIn(path, top);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
