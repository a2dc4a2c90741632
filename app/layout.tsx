import type { Metadata, Viewport } from 'next';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Sweetspot', template: '%s · Sweetspot' },
  description: 'Practice management for independent computer consultants.',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1, themeColor: '#166534' };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">{children}</body>
    </html>
  );
}
