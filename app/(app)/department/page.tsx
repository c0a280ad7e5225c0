import type { Metadata } from 'next';
import Link from 'next/link';
import { buttonClass, Card, EmptyState, Field, formatDate, inputClass, PageHeader, secondaryButtonClass } from '@/app/_components/ui';
import { departmentTrendsFor } from '@/lib/access';
import { allowOr404, requireActor } from '@/lib/auth/session';
import { getSchool } from '@/lib/db/queries';
import {
  departmentTrends,
  indicatorInfo,
  lessonsOfCell,
  MIN_STUDENTS,
  TREND_INDICATORS,
  trendFilterOptions,
  trendFilters,
  type TrendFilters,
} from '@/lib/trends/department-trends';
import { wordingFor } from '@/lib/wording';
import { DepartmentTrendLines, HeatTable, TrendChartsData, TrendHeatMap, TrendTable, type TrendChartData } from './trend-charts';

export const metadata: Metadata = { title: 'Department trends' };

const MEAN = 'Department mean';

function query(filters: TrendFilters, changes: Partial<TrendFilters> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filters, ...changes })) {
    if (value === undefined || value === '' || (key === 'indicator' && value === 'attentionPct')) continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** A filter's drop-down, its first choice meaning "no filter". */
function Choose({ label, name, value, all, options }: { label: string; name: string; value: string | undefined; all: string; options: { value: string; label: string }[] }) {
  return (
    <Field label={label} htmlFor={name}>
      <select id={name} name={name} defaultValue={value ?? ''} className={inputClass}>
        <option value="">{all}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

const shortDate = (iso: string) => new Date(`${iso}T00:00:00`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short' });

export default async function DepartmentPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireActor();
  const department = await departmentTrendsFor(actor, actor.departmentId);
  allowOr404(!!department);
  const scope = { schoolId: department!.schoolId, departmentId: department!.id };
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]).filter(([, v]) => v !== ''));
  const filters = trendFilters.parse(raw);
  const [trends, options, school, cellLessons] = await Promise.all([
    departmentTrends(scope, filters),
    trendFilterOptions(scope),
    getSchool(scope.schoolId),
    filters.cellClass && filters.cellWeek ? lessonsOfCell(scope, filters.cellClass, filters.cellWeek) : Promise.resolve(null),
  ]);
  const info = indicatorInfo(wordingFor(school!.settings.wording));
  const indicator = filters.indicator;
  const chosen = info[indicator];
  const cellOf = new Map(trends.cells.map((c) => [`${c.classId}|${c.weekStart}`, c]));
  const weekLabel = (weekStart: string) => shortDate(weekStart);
  const unitSuffix = chosen.unit === '%' ? ' %' : chosen.unit ? ` ${chosen.unit}` : '';
  const suppressedHere = (note: string | null) => (chosen.aboutStudents ? note : null);

  const cellQuery = query({ ...filters, cellClass: undefined, cellWeek: undefined });
  const grid = trends.classes.map((cls) => trends.weeks.map((w) => cellOf.get(`${cls.id}|${w.weekStart}`)));
  const chartData: TrendChartData = {
    classes: trends.classes.map((c) => ({ id: c.id, name: c.name })),
    weekStarts: trends.weeks.map((w) => w.weekStart),
    isoWeeks: trends.weeks.map((w) => w.week),
    weekLabels: trends.weeks.map((w) => weekLabel(w.weekStart)),
    values: grid.map((row) => row.map((cell) => cell?.values[indicator] ?? null)),
    withheld: Object.fromEntries(grid.flatMap((row, c) => row.flatMap((cell, w) => (cell && suppressedHere(cell.suppressed) ? [[`${c}.${w}`, cell.suppressed!]] : [])))),
    lessonCells: grid.flatMap((row, c) => row.flatMap((cell, w) => (cell ? [`${c}.${w}`] : []))),
    mean: trends.weeks.map((w) => trends.mean.get(w.weekStart)?.[indicator] ?? null),
    meanId: MEAN,
    label: chosen.label,
    unit: unitSuffix,
    axisLabel: chosen.unit || chosen.label,
    range: chosen.range,
    diverging: chosen.diverging,
    query: cellQuery,
  };
  const cellClassName = trends.classes.find((c) => c.id === filters.cellClass)?.name;
  const csvHref = `/api/departments/${department!.id}/trends.csv${cellQuery}`;

  return (
    <>
      <PageHeader
        title={`${department!.name}: trends across classes`}
        subtitle={`Aggregates over the lessons teachers shared with the department (${trends.lessons} analysed lessons in this view). Figures about students that rest on fewer than ${MIN_STUDENTS} students are withheld; no figure is about one student.`}
        actions={
          <a href={csvHref} className={secondaryButtonClass} download>
            Download CSV
          </a>
        }
      />
      <Card className="mb-6">
        <form method="get" className="grid gap-3 sm:grid-cols-2 lg:grid-cols-6" aria-label="Filter the trends">
          <Field label="Indicator" htmlFor="indicator">
            <select id="indicator" name="indicator" defaultValue={indicator} className={inputClass}>
              {TREND_INDICATORS.map((k) => (
                <option key={k} value={k}>
                  {info[k].label}
                </option>
              ))}
            </select>
          </Field>
          <Choose label="Class" name="classId" value={filters.classId} all="All classes" options={options.classes.map((c) => ({ value: c.id, label: c.name }))} />
          <Choose label="Teacher" name="teacherId" value={filters.teacherId} all="All teachers" options={options.teachers.map((t) => ({ value: t.id, label: t.name }))} />
          <Choose label="Subject" name="subject" value={filters.subject} all="All subjects" options={options.subjects.map((v) => ({ value: v, label: v }))} />
          <Field label="Taught from" htmlFor="from">
            <input id="from" name="from" type="date" defaultValue={filters.from ?? ''} className={inputClass} />
          </Field>
          <Field label="Taught until" htmlFor="to">
            <input id="to" name="to" type="date" defaultValue={filters.to ?? ''} className={inputClass} />
          </Field>
          <div className="flex gap-2 sm:col-span-2 lg:col-span-6">
            <button type="submit" className={buttonClass}>
              Show
            </button>
            <Link href="/department" className={secondaryButtonClass}>
              Clear filters
            </Link>
          </div>
        </form>
      </Card>

      {trends.cells.length === 0 ? (
        <EmptyState title="No shared lessons with an analysis in this view">Teachers share a lesson from its page; its current analysis then counts here.</EmptyState>
      ) : (
        <TrendChartsData data={chartData}>
          <Card title={`${chosen.label} by class and week`} className="mb-6">
            <p className="mb-3 text-sm text-slate-600">{chosen.definition}</p>
            <TrendHeatMap />
            <p className="mt-2 text-xs text-slate-500">Grey: no shared lesson that week{chosen.aboutStudents ? `, or fewer than ${MIN_STUDENTS} students (see the table)` : ''}. Choose a cell to list its lessons.</p>
            <div className="mt-4 overflow-x-auto">
              <HeatTable />
            </div>
          </Card>

          {cellLessons && (
            <Card title={`Shared lessons of ${cellClassName ?? 'the class'} in the week of ${filters.cellWeek ? formatDate(filters.cellWeek) : ''}`} className="mb-6">
              <div id="lessons" />
              {cellLessons.length === 0 ? (
                <p className="text-sm text-slate-600">No shared lesson with an analysis in that week.</p>
              ) : (
                <ul className="divide-y divide-slate-100 text-sm">
                  {cellLessons.map((l) => (
                    <li key={l.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                      <span>
                        <span className="font-medium text-slate-900">{l.title}</span>
                        <span className="ml-2 text-slate-500">
                          {formatDate(l.taughtOn)} · {l.teacherName}
                        </span>
                      </span>
                      <Link href={`/lessons/${l.id}/report`} className="text-brand-700 hover:underline">
                        Open the report
                      </Link>
                    </li>
                  ))}
                </ul>
              )}
            </Card>
          )}

          <Card title={`${chosen.label} over the weeks`} className="mb-6">
            <DepartmentTrendLines />
            <p className="mt-2 text-xs text-slate-500">
              The dashed line is the department mean over all lessons in view{chosen.aboutStudents ? `, leaving out classes withheld for fewer than ${MIN_STUDENTS} students` : ''}.
            </p>
            <div className="mt-4 overflow-x-auto">
              <TrendTable />
            </div>
          </Card>
        </TrendChartsData>
      )}
    </>
  );
}
