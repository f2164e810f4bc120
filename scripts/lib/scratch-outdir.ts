import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/**
 * Runs `build` with a temporary out-dir and removes it afterwards. cdktf's App creates its out-dir
 * when it is constructed, so a script that only inspects the constructs (audit, kms:policy) would
 * otherwise leave an empty cdktf.out in the user's project.
 */
export function withTemporaryOutdir<T>(build: (outdir: string) => T): T {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "cdktf-inspect-"));
  try {
    return build(outdir);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}
