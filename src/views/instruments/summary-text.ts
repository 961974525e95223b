/** The model summary as Keras prints it (model.summary()), for copying into a report. */
import type { ModelSummary } from '../../../worker/contract';
import { formatCount } from '../../languages/i18n';

const WIDTHS = [32, 26, 12];

function shapeText(shape: (number | null)[]): string {
  return `(${shape.map((d) => (d === null ? 'None' : String(d))).join(', ')}${shape.length === 1 ? ',' : ''})`;
}

function line(cells: string[]): string {
  return cells.map((cell, i) => cell.padEnd(WIDTHS[i])).join(' ').trimEnd();
}

export function summaryText(summary: ModelSummary): string {
  const width = WIDTHS.reduce((a, b) => a + b + 1, 0);
  const rows = summary.rows.filter((row) => row.type !== 'InputLayer');
  const body = rows.flatMap((row, i) => [line([`${row.name} (${row.type})`, shapeText(row.outputShape), String(row.params)]), i < rows.length - 1 ? '' : null]).filter((x): x is string => x !== null);
  return [
    `Model: "${summary.modelName}"`, '_'.repeat(width), line(['Layer (type)', 'Output Shape', 'Param #']), '='.repeat(width),
    ...body, '='.repeat(width), `Total params: ${formatCount(summary.totalParams)}`,
    `Trainable params: ${formatCount(summary.trainableParams)}`, `Non-trainable params: ${formatCount(summary.nonTrainableParams)}`, '_'.repeat(width),
  ].join('\n');
}
