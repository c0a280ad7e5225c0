import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_SCHOOL_SETTINGS, type SchoolSettings } from '../../lib/db/schema';
import { buildPrivacyNotice } from '../../lib/privacy/notice';

const whoSees = (changes: Partial<SchoolSettings>) =>
  buildPrivacyNotice({ schoolName: 'Riverside', settings: { ...DEFAULT_SCHOOL_SETTINGS, ...changes }, contacts: [], templateCounts: { faceTemplatePeople: 0, voiceTemplatePeople: 0 }, settingsChangedAt: null })
    .sections.find((s) => s.id === 'who')!
    .items!.join('\n');

test('the notice tells students’ own summaries and the consented-student marker only when the school turned them on', () => {
  assert.match(whoSees({}), /Students see no lesson recordings and no lesson results\./);
  assert.doesNotMatch(whoSees({ consentedStudentMarker: 'named' }), /consented to their own summary/, 'the marker needs student summaries');
  const summaries = whoSees({ studentSummaries: true });
  assert.match(summaries, /they alone see a summary of their own figures/);
  assert.doesNotMatch(summaries, /list of people/);
  assert.match(whoSees({ studentSummaries: true, consentedStudentMarker: 'marked' }), /list of people, which numbered people were matched to students who consented to their own summary, without their name\. No one else/);
  assert.match(whoSees({ studentSummaries: true, consentedStudentMarker: 'named' }), /own summary, with the student’s name\./);
});
