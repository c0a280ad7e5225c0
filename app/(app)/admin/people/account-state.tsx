/** An account as the admin sees it: active, invited (no password yet) or deactivated. */
export function AccountState({ disabled, active }: { disabled: boolean; active: boolean }) {
  if (disabled) return <span className="text-slate-500">Deactivated</span>;
  return active ? <span className="text-emerald-700">Active</span> : <span className="text-amber-700">Invited</span>;
}
