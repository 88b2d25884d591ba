import type { DataRecord } from '../../data/data-record.ts';
import type { LabelValue } from '../label-schema.ts';
import type { LabelingProject, LabelingTask } from '../labeling-types.ts';
import { candidateResponses, promptMessages, taskText } from '../task-content.ts';

/**
 * Accepted tasks as workbench records, so the workbench exporters (OpenAI, Alpaca, ShareGPT, DPO)
 * check and write them exactly as they do for datasets: the adapter between labels and exporters.
 */
export function labeledRecords(project: LabelingProject, task: LabelingTask): DataRecord[] {
  const label = task.finalLabel;
  if (!label) return [];
  const meta = {
    labeling_project: project.id,
    labeling_task: task.id,
    source_record: task.recordId,
    reviewer_edited: task.edited,
  };
  if ('answer' in label) {
    return [
      {
        id: task.recordId,
        messages: [...promptMessages(task.record), { role: 'assistant', content: label.answer }],
        meta,
      },
    ];
  }
  if ('pairs' in label) {
    return label.pairs
      .filter((pair) => pair.keep)
      .map((pair, index) => ({
        id: `${task.recordId}-qa${index}`,
        messages: [
          { role: 'user' as const, content: pair.question },
          { role: 'assistant' as const, content: pair.answer },
        ],
        meta,
      }));
  }
  if ('preferred' in label) {
    const responses = candidateResponses(task.record);
    if (!responses) return [{ id: task.recordId, meta }];
    if (label.preferred === 'tie')
      return [
        {
          id: task.recordId,
          messages: promptMessages(task.record),
          chosen: responses[0],
          rejected: responses[0],
          meta: { ...meta, tie: true },
        },
      ];
    const [chosen, rejected] = label.preferred === 'a' ? responses : [responses[1], responses[0]];
    return [{ id: task.recordId, messages: promptMessages(task.record), chosen, rejected, meta }];
  }
  return [{ id: task.recordId, text: taskText(task.record), meta: { ...meta, label } }];
}

/** One line of the classification JSONL: the text and its label(s). */
export function classificationLine(task: LabelingTask, label: LabelValue): Record<string, unknown> | null {
  const base = { id: task.recordId, text: taskText(task.record) };
  if ('choice' in label) return { ...base, label: label.choice };
  if ('choices' in label) return { ...base, labels: label.choices };
  if ('rating' in label) return { ...base, label: label.rating };
  return null;
}
