/** The model summary as a Markdown table, the rows and totals Keras' model.summary() prints. */
import type { ModelSummary } from '../worker/contract';
import { formatCount } from '../src/languages/i18n';
import { kerasShape, type Labels } from './labels';

/** `| conv2d (Conv2D) | (None, 30, 30, 32) | 896 |` per layer, then the three totals. */
export function summaryMarkdown(summary: ModelSummary, { t }: Labels): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const lines = [
    `## ${t.summaryModel(cell(summary.modelName))}`,
    '',
    `| ${t.colLayer} | ${t.colShape} | ${t.colParams} |`,
    '|:---|:---|---:|',
    ...summary.rows.map((row) => `| ${cell(`${row.name} (${row.type})`)} | ${kerasShape(row.outputShape)} | ${formatCount(row.params)} |`),
    '',
    t.totalParams(formatCount(summary.totalParams)) + '  ',
    t.trainableParams(formatCount(summary.trainableParams)) + '  ',
    t.nonTrainableParams(formatCount(summary.nonTrainableParams)),
    '',
  ];
  return lines.join('\n');
}
