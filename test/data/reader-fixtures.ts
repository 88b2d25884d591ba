import { writeFileSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { PDFDocument, StandardFonts } from 'pdf-lib';

/** Small DOCX, PDF and Parquet fixtures generated in code (no binary files in the repository). */

export async function writeDocx(directory: string, paragraphs: string[]): Promise<string> {
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  );
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  );
  const body = paragraphs.map((text) => `<w:p><w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`).join('');
  zip.file(
    'word/document.xml',
    `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`,
  );
  const file = path.join(directory, 'report.docx');
  writeFileSync(file, await zip.generateAsync({ type: 'nodebuffer' }));
  return file;
}

export async function writePdf(directory: string, pages: string[]): Promise<string> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  for (const text of pages) document.addPage().drawText(text, { x: 50, y: 700, size: 14, font });
  const file = path.join(directory, 'manual.pdf');
  writeFileSync(file, await document.save());
  return file;
}

export function writeParquet(directory: string, rows: number): string {
  const file = path.join(directory, 'rows.parquet');
  const buffer = parquetWriteBuffer({
    columnData: [
      { name: 'id', data: Array.from({ length: rows }, (_, index) => index), type: 'INT32' },
      {
        name: 'content',
        data: Array.from({ length: rows }, (_, index) => `第${index}行：parquet text ${index}`),
        type: 'STRING',
      },
    ],
    rowGroupSize: 4,
  });
  writeFileSync(file, Buffer.from(buffer));
  return file;
}
