import QRCode from 'qrcode';

/**
 * A QR code as one SVG path (a unit square per dark module) and its size in
 * modules, drawn by React: no data: image (the CSP allows none) and no HTML
 * set from a string. Error correction M, as authenticator apps expect.
 */
export function qrPath(text: string): { size: number; path: string } {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const parts: string[] = [];
  for (let y = 0; y < modules.size; y++) {
    for (let x = 0; x < modules.size; x++) if (modules.get(x, y)) parts.push(`M${x} ${y}h1v1h-1z`);
  }
  return { size: modules.size, path: parts.join('') };
}
