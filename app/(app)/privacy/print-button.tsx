'use client';

import { secondaryButtonClass } from '@/app/_components/ui';

export function PrintButton() {
  return (
    <button type="button" className={`${secondaryButtonClass} print:hidden`} onClick={() => window.print()}>
      Print or save as PDF
    </button>
  );
}
