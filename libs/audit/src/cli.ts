/**
 * `npm run audit:verify -- <bundle.ndjson>`: checks an export bundle offline,
 * with nothing but the file (no server, no database). Exit 0 with a one-line
 * summary when every link holds; 1 naming the first bad line otherwise; 2 when
 * the file cannot be read. `-` reads the bundle from standard input.
 */
import { createReadStream } from 'node:fs';
import { verifyBundleBytes } from './bundle';

/** The bundle's bytes, from a file or (`-`) standard input, in large chunks. */
export function bundleInput(file: string): AsyncIterable<Uint8Array | string> {
  return file === '-' ? process.stdin : createReadStream(file, { highWaterMark: 1 << 20 });
}

export async function main(argv: readonly string[], out: (line: string) => void, err: (line: string) => void): Promise<number> {
  const file = argv[0];
  if (file === undefined || argv.length > 1) {
    err('usage: npm run audit:verify -- <bundle.ndjson>   (or - for standard input)');
    return 2;
  }
  let result;
  try {
    result = await verifyBundleBytes(bundleInput(file));
  } catch (error) {
    err(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  if (!result.ok) {
    err(`${file}: line ${result.line}${result.revision === undefined ? '' : ` (revision ${result.revision})`}: ${result.reason}`);
    return 1;
  }
  const { header } = result;
  const range = header.count === 0 ? 'no events' : `revisions ${header.from}–${header.to} (${result.count} events)`;
  out(`${file}: OK, project ${header.projectId}, ${range}, every link holds, final hash ${result.finalHash}`);
  return 0;
}

if (require.main === module) {
  void main(process.argv.slice(2), (line) => console.log(line), (line) => console.error(line)).then((code) => {
    process.exitCode = code;
  });
}
