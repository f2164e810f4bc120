import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

// The suite runs with TMPDIR pointing at a folder of its own, made by the global setup and removed by
// the global teardown. Other processes on the machine keep writing to the system temp folder while the
// suite runs; counting entries of a root only the suite uses is what makes the leak check reliable.

export const SUITE_TEMP_PREFIX = "cdktf-integrations-test-";

/** Persistent caches that tools the suite spawns keep in TMPDIR by design (not the suite's folders). */
const TOOL_CACHES = [/^tsx-\w+$/, /^jest_\w+$/];

/** statfs's type of a tmpfs (Linux's TMPFS_MAGIC): a file system in memory. */
const TMPFS = 0x01021994;

/** Free space a memory-backed folder needs to hold the suite's scratch (a run's peak is about 25 MB). */
const MIN_FREE_BYTES = 1024 ** 3;

/** Where the root can go instead of the system temp folder, when that is on disk. */
const MEMORY_FOLDERS = ["/dev/shm"];

export interface TempBaseProbe {
  readonly env: NodeJS.ProcessEnv;
  readonly systemTmp: string;
  /** Whether `dir` is a tmpfs the suite can write to with MIN_FREE_BYTES free. */
  readonly roomyTmpfs: (dir: string) => boolean;
  readonly memoryFolders?: readonly string[];
}

function roomyTmpfs(dir: string): boolean {
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    const stats = fs.statfsSync(dir);
    return stats.type === TMPFS && stats.bavail * stats.bsize >= MIN_FREE_BYTES;
  } catch {
    return false; // absent (macOS, Windows), not writable, or statfs unsupported
  }
}

const SYSTEM_PROBE: TempBaseProbe = { env: process.env, systemTmp: os.tmpdir(), roomyTmpfs };

/**
 * The folder the suite's root goes in. The suite creates thousands of files and folders (project copies,
 * synthesized stacks, plans); on a disk each costs far more than in memory (measured on the 2-core CI
 * machine: a mkdir 0.22 ms of CPU, a symlink 0.65 ms, against 0.01 ms on tmpfs; about 3 CPU-seconds a run).
 * So: SUITE_TMPDIR when set; the system temp folder when TMPDIR names one (the user chose it) or it is in
 * memory already; else /dev/shm when it is a writable tmpfs with a gigabyte free (a container's default
 * 64 MB /dev/shm is not); else the system temp folder.
 */
export function suiteTempBase(probe: TempBaseProbe = SYSTEM_PROBE): string {
  const chosen = probe.env.SUITE_TMPDIR;
  if (chosen) return chosen;
  if (probe.env.TMPDIR || probe.roomyTmpfs(probe.systemTmp)) return probe.systemTmp;
  return (probe.memoryFolders ?? MEMORY_FOLDERS).find(probe.roomyTmpfs) ?? probe.systemTmp;
}

/** Whether a process with this id is running (signal 0 checks without signalling). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"; // running, someone else's
  }
}

/** A root is stale when its run has ended and nothing has touched it for this long. */
const STALE_AFTER_MS = 10 * 60 * 1000;

/**
 * Makes the suite's temporary root under `base`; it starts empty. Its name holds the run's process id, so
 * the roots of runs killed before their teardown (Ctrl-C) are removed here: in memory, nothing else frees
 * them before a reboot. Only when that process is gone and the root is untouched for ten minutes: a root
 * of a run in another process namespace sharing the folder (a container) is never taken for stale.
 */
export function createSuiteTempRoot(base: string, now = Date.now()): string {
  const ownRoot = new RegExp(`^${SUITE_TEMP_PREFIX}(\\d+)-`);
  for (const name of fs.readdirSync(base)) {
    const pid = Number(ownRoot.exec(name)?.[1] ?? Number.NaN);
    if (!Number.isInteger(pid) || pid === process.pid || isRunning(pid)) continue;
    const dir = path.join(base, name);
    try {
      if (now - fs.statSync(dir).mtimeMs > STALE_AFTER_MS) fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // another user's, or removed meanwhile: not ours to clean
    }
  }
  return fs.mkdtempSync(path.join(base, `${SUITE_TEMP_PREFIX}${process.pid}-`));
}

/** What is left in the root that someone should have removed: every entry but the tools' caches. */
export function leftoversIn(root: string): string[] {
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root)
    .filter((name) => !TOOL_CACHES.some((cache) => cache.test(name)))
    .sort();
}

/**
 * Removes the root and everything in it, and returns what had been left behind, so the caller can
 * fail the run: a leak is removed either way, but it is never silent.
 */
export function removeSuiteTempRoot(root: string): string[] {
  const leftovers = leftoversIn(root);
  fs.rmSync(root, { recursive: true, force: true });
  return leftovers;
}
