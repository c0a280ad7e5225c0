import Link from 'next/link';
import { isAdmin } from '@/lib/access';
import { requireActor, sessionSignedInAt } from '@/lib/auth/session';
import { getSchool, resetLinksByOthersSincePreviousSignIn } from '@/lib/db/queries';
import { archiveScopes } from '@/lib/lessons/archive';
import { canSeeOwnSummary, canViewDepartmentTrends } from '@/lib/policy';
import { ROLE_NAMES } from '@/lib/roles';
import { mayEnrolOwnFace } from '@/lib/students/summary';
import { SignOutButton } from '../_components/sign-out-button';
import { formatDate } from '../_components/ui';

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const actor = await requireActor();
  const resetLinks = await resetLinksByOthersSincePreviousSignIn(actor, await sessionSignedInAt());
  const links = [{ href: '/dashboard', label: 'Dashboard' }];
  if (archiveScopes(actor).length > 0) links.push({ href: '/lessons', label: 'Lessons' });
  if (actor.departmentId && canViewDepartmentTrends(actor, { schoolId: actor.schoolId, departmentId: actor.departmentId })) links.push({ href: '/department', label: 'Department' });
  const school = await getSchool(actor.schoolId);
  if (school && canSeeOwnSummary(actor, school.settings)) links.push({ href: '/me', label: 'My summary' });
  if (await mayEnrolOwnFace(actor)) links.push({ href: '/profile', label: 'My profile' });
  if (isAdmin(actor)) {
    links.push({ href: '/admin/people', label: 'People' }, { href: '/admin/classes', label: 'Classes' }, { href: '/admin/school', label: 'School' }, { href: '/admin/audit', label: 'Audit log' });
  }
  links.push({ href: '/privacy', label: 'Privacy' });
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white print:hidden">
        <nav aria-label="Main" className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
          <Link href="/dashboard" className="text-lg font-semibold tracking-tight text-brand-900">
            <span aria-hidden className="mr-1">◐</span>LessonLens
          </Link>
          <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
            {links.map((link) => (
              <li key={link.href}>
                <Link href={link.href} className="text-slate-600 hover:text-slate-900">
                  {link.label}
                </Link>
              </li>
            ))}
          </ul>
          <div className="ml-auto flex items-center gap-3 text-sm">
            <span className="text-slate-700">
              {actor.name}
              <span className="ml-2 text-xs text-slate-500">{actor.roles.map((r) => ROLE_NAMES[r]).join(' · ')}</span>
            </span>
            <SignOutButton />
          </div>
        </nav>
      </header>
      <main className="mx-auto max-w-6xl px-4 py-8">
        {resetLinks.length > 0 && (
          <div role="alert" data-testid="reset-link-notice" className="mb-6 rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900">
            {resetLinks.map((link) => (
              <p key={link.createdAt.toISOString()}>
                {link.createdByName} created a password reset link for your account on {formatDate(link.createdAt)} at{' '}
                {link.createdAt.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })}.
              </p>
            ))}
            <p className="mt-1">If you did not ask for a new password, tell your school: someone else may have signed in as you.</p>
          </div>
        )}
        {children}
      </main>
    </div>
  );
}
