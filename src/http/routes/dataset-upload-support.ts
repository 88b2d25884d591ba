import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { KaiyuanError, invalidRequest } from '../../util/errors.ts';

export interface SavedUpload {
  file: string;
  fileName: string;
  fields: Record<string, string>;
}

/** Streams the multipart `file` part to disk (never buffered whole); other parts become text fields. */
export async function saveUpload(request: FastifyRequest, directory: string, limitMb?: number): Promise<SavedUpload> {
  if (!request.isMultipart())
    throw invalidRequest(
      'Upload the file as multipart/form-data with a part named "file".',
      'file',
      'multipart_required',
    );
  mkdirSync(directory, { recursive: true });
  const fields: Record<string, string> = {};
  let saved: { file: string; fileName: string } | null = null;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (saved || part.fieldname !== 'file') {
          part.file.resume();
          continue;
        }
        const fileName = path.basename(part.filename || 'upload');
        const file = path.join(directory, `${randomUUID()}-${fileName.replace(/[^\w.\-\u4e00-\u9fff]/g, '_')}`);
        saved = { file, fileName };
        await pipeline(part.file, createWriteStream(file));
        if (part.file.truncated) throw fileTooLarge(limitMb);
      } else {
        fields[part.fieldname] = String(part.value);
      }
    }
  } catch (error) {
    if (saved) rmSync(saved.file, { force: true });
    throw error;
  }
  if (!saved) throw invalidRequest('The upload has no part named "file".', 'file', 'missing_file');
  return { ...saved, fields };
}

function fileTooLarge(limitMb: number | undefined): KaiyuanError {
  const limit = limitMb === undefined ? 'the upload limit' : `the upload limit of ${limitMb} MB`;
  return new KaiyuanError('file_too_large', `The file is larger than ${limit}.`, {
    status: 400,
    type: 'invalid_request_error',
    param: 'file',
    params: limitMb === undefined ? undefined : { limitMb },
  });
}
