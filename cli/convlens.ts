/**
 * The `convlens` command (bin of the package, bundled by build.mjs into dist/node/convlens.mjs
 * so it runs with plain Node after `npm install convlens`):
 *   convlens serve MODEL [PHOTO]      the widget on your model, on a local page
 *   convlens render MODEL PHOTO ...   the lecture's figures as PNG/SVG files, for slides
 *   convlens convert MODEL OUT_DIR    a model file → a tfjs model.json folder to host
 */
import { existsSync } from 'node:fs';
import { renderCommand } from './render';
import { serveCommand } from './serve';

const USAGE = `usage: convlens <command> [arguments]

commands:
  serve MODEL [PHOTO]          serve a local page with the widget on MODEL and print its URL
  render MODEL PHOTO --out DIR the lecture's figures (input, filter grids, matshow, summary) for slides
  convert MODEL OUT_DIR        convert a Keras .h5/.keras (or tfjs) model into a folder to host

MODEL is a tfjs model.json (weight files beside it), a Keras .h5 or .keras file, or any
file the widget reads. \`convlens <command> --help\` tells more.`;

export async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === 'serve') return serveCommand(rest);
  if (command === 'render') return renderCommand(rest);
  if (command === 'convert') return convertCommand(rest);
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') return void console.log(USAGE);
  if (command === '--version' || command === '-v') return void console.log(VERSION);
  console.error(`convlens: unknown command "${command}"\n\n${USAGE}`);
  process.exitCode = 2;
}

declare const CONVLENS_VERSION: string | undefined;
const VERSION = typeof CONVLENS_VERSION === 'string' ? CONVLENS_VERSION : 'dev';

/** Today's converter (worker/convert/cli.ts), which reads process.argv and runs when imported. */
async function convertCommand(rest: string[]): Promise<void> {
  if (rest.includes('--help') || rest.includes('-h') || rest.length === 0) {
    console.log(`usage: convlens convert <model.h5|model.keras|model.json|folder> <out-dir> [--topology topology.json] [--float16] [--classes a,b,...] [--pixel-scale 1|1/255]

Writes model.json and one weight file per layer into out-dir, so a hosted widget loads
each layer's weights only when it draws that layer.`);
    if (rest.length === 0) process.exitCode = 2;
    return;
  }
  const input = rest.find((arg, i) => !arg.startsWith('--') && !['--topology', '--classes', '--pixel-scale'].includes(rest[i - 1]));
  if (input !== undefined && !existsSync(input)) {
    console.error(`convlens convert: Could not load ${input}: there is no such file or folder.`);
    process.exitCode = 1;
    return;
  }
  process.argv = [process.argv[0], 'convlens-convert', ...rest];
  await import('../worker/convert/cli');
}

await main(process.argv.slice(2));
