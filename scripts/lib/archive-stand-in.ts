import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { reproducibleZip } from "./zip";

// biome-ignore lint/suspicious/noExplicitAny: synthesized Terraform JSON is untyped by nature
type TerraformJson = Record<string, any>;

export interface StandIn {
  readonly address: string;
  readonly outputPath: string;
  readonly sha256Base64: string;
  readonly size: number;
}

/**
 * Replaces every `data "archive_file"` of a synthesized stack with locals computed here from
 * the same inputs, so the rest of the stack can be validated and planned with the AWS provider
 * alone. Writes the zip where the data source would have, and returns what it stood in for.
 */
export function standInForArchiveFiles(stackJson: TerraformJson, workDir: string): StandIn[] {
  const archives: Record<string, TerraformJson> = stackJson.data?.archive_file ?? {};
  const standIns: StandIn[] = [];
  const locals: Record<string, unknown> = { ...(stackJson.locals ?? {}) };

  for (const [name, archive] of Object.entries(archives)) {
    if (archive.type !== "zip") throw new Error(`archive_file.${name}: only type "zip" is supported offline`);
    const source = archive.source_dir ?? archive.source_file;
    if (typeof source !== "string" || source.includes("${")) {
      throw new Error(`archive_file.${name}: offline stand-in needs a literal source_dir or source_file`);
    }
    const mode = archive.output_file_mode ? Number.parseInt(archive.output_file_mode, 8) : 0o644;
    const zip = reproducibleZip(path.resolve(workDir, source), mode);
    const outputPath = path.resolve(workDir, archive.output_path);
    fs.mkdirSync(path.dirname(outputPath), { recursive: true });
    fs.writeFileSync(outputPath, zip);
    const digest = (algorithm: string, encoding: "hex" | "base64") =>
      crypto.createHash(algorithm).update(zip).digest(encoding);
    locals[localName(name)] = {
      id: digest("sha1", "hex"),
      output_path: archive.output_path,
      output_size: zip.length,
      output_md5: digest("md5", "hex"),
      output_sha: digest("sha1", "hex"),
      output_sha256: digest("sha256", "hex"),
      output_base64sha256: digest("sha256", "base64"),
      output_sha512: digest("sha512", "hex"),
      output_base64sha512: digest("sha512", "base64"),
    };
    standIns.push({
      address: `data.archive_file.${name}`,
      outputPath: archive.output_path,
      sha256Base64: digest("sha256", "base64"),
      size: zip.length,
    });
  }
  if (standIns.length === 0) return standIns;

  delete stackJson.data.archive_file;
  if (Object.keys(stackJson.data).length === 0) delete stackJson.data;
  delete stackJson.provider?.archive;
  delete stackJson.terraform?.required_providers?.archive;
  stackJson.locals = locals;
  rewriteReferences(stackJson);
  return standIns;
}

function localName(archiveName: string): string {
  return `archive_file_${archiveName}`;
}

/** `${data.archive_file.x.output_path}` → `${local.archive_file_x.output_path}`, everywhere. */
function rewriteReferences(node: unknown): unknown {
  if (typeof node === "string") {
    return node.replace(
      /data\.archive_file\.([A-Za-z0-9_-]+)\./g,
      (_m, name: string) => `local.${localName(name)}.`,
    );
  }
  if (Array.isArray(node)) return node.map(rewriteReferences);
  if (node && typeof node === "object") {
    const object = node as Record<string, unknown>;
    for (const key of Object.keys(object)) object[key] = rewriteReferences(object[key]);
  }
  return node;
}
