'use client';

import { startTransition, useActionState, useState } from 'react';
import { importRosterAction, previewRosterAction } from '@/app/actions/admin';
import { buttonClass, Card, FormMessage, inputClass } from '@/app/_components/ui';
import type { RosterPlan, RowStatus } from '@/lib/people/roster/plan';

const STATUS: Record<RowStatus, { label: string; style: string }> = {
  create: { label: 'New', style: 'bg-emerald-100 text-emerald-800' },
  change: { label: 'Changes', style: 'bg-amber-100 text-amber-800' },
  unchanged: { label: 'Unchanged', style: 'bg-slate-100 text-slate-700' },
  error: { label: 'Error', style: 'bg-red-100 text-red-800' },
};

function PlanTable({ plan, done }: { plan: RosterPlan; done: boolean }) {
  const { create, change, unchanged, error } = plan.counts;
  return (
    <>
      <p className="mb-3 text-sm text-slate-700" data-testid="roster-counts">
        {done ? 'Imported' : 'Would import'}: <b>{create}</b> new, <b>{change}</b> changed, <b>{unchanged}</b> unchanged
        {error > 0 && (
          <>
            , <b className="text-red-700">{error}</b> with errors{done ? ' (skipped)' : ' (they will be skipped)'}
          </>
        )}
        .
      </p>
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm" data-testid="roster-rows">
          <thead className="border-b border-slate-200 text-slate-500">
            <tr>
              <th scope="col" className="py-2 pr-3 font-medium">Line</th>
              <th scope="col" className="py-2 pr-3 font-medium">Row</th>
              <th scope="col" className="py-2 font-medium">What happens</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 align-top">
            {plan.rows.map((row) => (
              <tr key={row.line} data-status={row.status}>
                <td className="py-2 pr-3 tabular-nums text-slate-500">{row.line}</td>
                <td className="py-2 pr-3">
                  <span className="font-medium text-slate-900">{row.label || '—'}</span>
                  {row.role && <span className="block text-xs text-slate-500">{row.role}</span>}
                </td>
                <td className="py-2 [overflow-wrap:anywhere]">
                  <span className={`mr-2 inline-flex rounded-full px-2 py-0.5 text-xs font-medium ${STATUS[row.status].style}`}>{STATUS[row.status].label}</span>
                  {row.error ?? (row.status === 'unchanged' ? 'already as in the file' : row.changes.join('; '))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** Choose a file → preview (nothing written) → import the rows without errors. */
export function RosterImport({ maxBytes }: { maxBytes: number }) {
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [tooLarge, setTooLarge] = useState<string | null>(null);
  const [preview, previewAction, previewing] = useActionState(previewRosterAction, null);
  const [imported, importAction, importing] = useActionState(importRosterAction, null);
  const plan = preview?.plan;
  const writable = plan && !plan.fileError ? plan.counts.create + plan.counts.change : 0;

  return (
    <div className="space-y-6">
      <Card title="1. Choose the file">
        <div className="space-y-3">
          <input
            type="file"
            accept=".csv,text/csv"
            aria-label="Roster file (CSV)"
            className={inputClass}
            onChange={async (e) => {
              const chosen = e.currentTarget.files?.[0];
              setTooLarge(null);
              if (!chosen) return setFile(null);
              if (chosen.size > maxBytes) {
                setFile(null);
                return setTooLarge(`The file is larger than ${Math.round(maxBytes / 1024)} KB; split it into smaller files.`);
              }
              const text = await chosen.text();
              setFile({ name: chosen.name, text });
              const form = new FormData();
              form.set('text', text);
              startTransition(() => previewAction(form));
            }}
          />
          <FormMessage state={tooLarge ? { error: tooLarge } : preview?.error ? preview : null} />
          {previewing && <p className="text-sm text-slate-500">Reading the file…</p>}
        </div>
      </Card>
      {plan && !plan.fileError && file && (
        <Card title={`2. Check what would change · ${file.name}`}>
          <PlanTable plan={plan} done={false} />
          <form action={importAction} className="mt-4 flex flex-wrap items-center gap-3">
            <input type="hidden" name="text" value={file.text} />
            <input type="hidden" name="fileName" value={file.name} />
            <button type="submit" className={buttonClass} disabled={importing || writable === 0}>
              {writable === 0 ? 'Nothing to import' : `Import ${writable} row${writable === 1 ? '' : 's'}`}
            </button>
            <FormMessage state={imported} />
          </form>
        </Card>
      )}
      {imported?.ok && imported.plan && (
        <Card title="3. Imported">
          <PlanTable plan={imported.plan} done />
        </Card>
      )}
    </div>
  );
}
