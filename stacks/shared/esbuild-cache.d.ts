import type { BuildOptions, OutputFile } from "esbuild";

export function cachedBuild<Saved, Output>(props: {
  readonly root: string;
  readonly manifestFile: string;
  readonly options: BuildOptions;
  readonly save: (outputFiles: OutputFile[]) => Saved;
  readonly load: (saved: Saved) => Output | undefined;
}): Output;
export function sha256(data: string | Uint8Array): string;
export function writeAtomically(file: string, data: string | Uint8Array): void;
