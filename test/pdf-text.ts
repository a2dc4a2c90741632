import { extractText, getDocumentProxy } from 'unpdf';

/** The text of a PDF, page by page, as a reader would copy it: tests read back what was drawn. */
export async function pdfText(bytes: Uint8Array): Promise<{ pages: number; text: string }> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const { totalPages, text } = await extractText(pdf, { mergePages: true });
  return { pages: totalPages, text };
}

/** The first page's size in points (A4 is 595 × 842, US Letter 612 × 792). */
export async function pdfPageSize(bytes: Uint8Array): Promise<[number, number]> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const [, , w, h] = (await pdf.getPage(1)).view;
  return [Math.round(w!), Math.round(h!)];
}
