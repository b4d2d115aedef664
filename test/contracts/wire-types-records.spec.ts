import { CheckResults, DocumentKinds, QualityDimensions } from '@app/domain';
import type { DocumentEntry as FoldedDocument, PublishedReport as FoldedReport, QualityStandardEntry, ReportFigures as FoldedReportFigures } from '@app/read-models';
import {
  CHECK_RESULTS,
  DOCUMENT_KINDS,
  QUALITY_DIMENSIONS,
  type AuditEventsPage,
  type AuditVerification,
  type DecisionHistory,
  type DocumentEntry,
  type PublishedReport,
  type QualityStandard,
  type ReportFigures,
} from '@app/contracts';
import type { AuditLogPage } from '../../apps/api/src/audit/audit-log';
import type { AuditVerificationDto } from '../../apps/api/src/audit/audit.dto';
import type { DecisionHistory as BuiltHistory } from '../../apps/api/src/decisions/decision-history';

/** The records (status reports, documents, quality) and the audit answers in libs/contracts, kept in step with the api as wire-types.spec.ts does for the rest. */
describe('wire types in libs/contracts: records and audit', () => {
  it('name the same document kinds, quality dimensions and check results as the api', () => {
    expect([...DOCUMENT_KINDS]).toEqual([...DocumentKinds]);
    expect([...QUALITY_DIMENSIONS]).toEqual([...QualityDimensions]);
    expect([...CHECK_RESULTS]).toEqual([...CheckResults]);
  });

  it('describe what the api builds (checked by the compiler)', () => {
    const shapes = {
      report: (r: FoldedReport): PublishedReport => r,
      reportFigures: (f: FoldedReportFigures): ReportFigures => f,
      document: (d: FoldedDocument): DocumentEntry => d,
      standard: (s: QualityStandardEntry): QualityStandard => s,
      auditPage: (p: AuditLogPage): AuditEventsPage => p,
      verification: (v: AuditVerificationDto): AuditVerification => v,
      history: (h: BuiltHistory): DecisionHistory => h,
    };
    expect(Object.keys(shapes)).toHaveLength(7);
  });
});
