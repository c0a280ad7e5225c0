import { csvCell } from '../reports/exports';
import type { Wording } from '../wording';
import { indicatorInfo, TREND_INDICATORS, type DepartmentTrends } from './department-trends';

/**
 * The dashboard's aggregates as CSV: one row per class and week, then the
 * department mean per week. A suppressed figure keeps its column and says
 * why in the cell, so a spreadsheet cannot mistake it for a missing lesson.
 */
export function trendsCsv(trends: DepartmentTrends, wording: Wording): string {
  const info = indicatorInfo(wording);
  const header = ['class', 'subject', 'teacher', 'iso_week', 'week_starting', 'lessons_analysed', ...TREND_INDICATORS.map((k) => `${info[k].label}${info[k].unit ? ` (${info[k].unit})` : ''}`)];
  const lines = [header.map(csvCell).join(',')];
  const classes = new Map(trends.classes.map((c) => [c.id, c]));
  for (const cell of trends.cells) {
    const cls = classes.get(cell.classId);
    const figures = TREND_INDICATORS.map((k) => (cell.suppressed && info[k].aboutStudents ? `suppressed: ${cell.suppressed}` : cell.values[k]));
    lines.push([cls?.name ?? '', cls?.subject ?? '', cls?.teacherName ?? '', cell.week, cell.weekStart, cell.lessons, ...figures].map(csvCell).join(','));
  }
  for (const week of trends.weeks) {
    const mean = trends.mean.get(week.weekStart);
    if (!mean) continue;
    lines.push(['Department mean', '', '', week.week, week.weekStart, '', ...TREND_INDICATORS.map((k) => mean[k])].map(csvCell).join(','));
  }
  return `${lines.join('\n')}\n`;
}
