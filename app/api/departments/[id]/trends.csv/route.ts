import { departmentTrendsFor } from '@/lib/access';
import { currentActor } from '@/lib/auth/session';
import { getSchool } from '@/lib/db/queries';
import { departmentTrends, trendFilters } from '@/lib/trends/department-trends';
import { trendsCsv } from '@/lib/trends/trends-csv';
import { wordingFor } from '@/lib/wording';

export const dynamic = 'force-dynamic';

/** The department dashboard's aggregates as CSV, with the dashboard's filters and the same suppression. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const actor = await currentActor();
  const department = await departmentTrendsFor(actor, (await params).id);
  if (!department) return Response.json({ error: 'Not found.' }, { status: 404 });
  const filters = trendFilters.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [trends, school] = await Promise.all([departmentTrends({ schoolId: department.schoolId, departmentId: department.id }, filters), getSchool(department.schoolId)]);
  const csv = trendsCsv(trends, wordingFor(school!.settings.wording));
  const slug = department.name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return new Response(csv, {
    headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${slug}-trends.csv"`, 'Cache-Control': 'private, no-store' },
  });
}
