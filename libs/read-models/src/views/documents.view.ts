import type { DocumentKind, ProjectEvent } from '@app/domain';
import type { ProjectView } from './project-view';
import { extend } from './extend';

export interface DocumentVersion {
  readonly version: number;
  readonly location: string;
  /** What changed (`null` for the first version). */
  readonly summary: string | null;
  readonly by: string;
  readonly at: string;
}

export interface DocumentEntry {
  readonly documentId: string;
  readonly kind: DocumentKind;
  readonly title: string;
  sharedWithClient: boolean;
  /** Not shared with the client: the one redaction drops the document whole from a client's form. */
  internalOnly: boolean;
  /** The current version and where it lives. */
  version: number;
  location: string;
  /** Every version, oldest first. */
  versions: DocumentVersion[];
}

/** Project documents (DOMAIN.md 12): by kind, with their versions and whether the client sees them. */
export interface DocumentsData {
  readonly projectId: string;
  documents: Record<string, DocumentEntry>;
}

export interface DocumentsFigures {
  readonly documents: number;
  readonly sharedWithClient: number;
  /** Versions of every document shown. */
  readonly versions: number;
  /** Document ids by kind, in the order they were added. */
  readonly byKind: Record<string, string[]>;
}

export const documentsView: ProjectView<DocumentsData> = {
  name: 'documents',
  initial: (projectId) => ({ projectId, documents: {} }),
  apply(view, event) {
    const e = event as unknown as ProjectEvent;
    switch (e.type) {
      case 'DocumentAdded': {
        const { addedBy, location, ...fields } = e.data;
        view.documents[fields.documentId] = extend(fields, {
          internalOnly: !fields.sharedWithClient,
          version: 1,
          location,
          versions: [{ version: 1, location, summary: null, by: addedBy, at: event.recordedAt }],
        });
        return;
      }
      case 'DocumentRevised': {
        const doc = view.documents[e.data.documentId]!;
        doc.version = e.data.version;
        doc.location = e.data.location;
        doc.versions.push({ version: e.data.version, location: e.data.location, summary: e.data.summary, by: e.data.revisedBy, at: event.recordedAt });
        return;
      }
      case 'DocumentSharingChanged': {
        const doc = view.documents[e.data.documentId]!;
        doc.sharedWithClient = e.data.sharedWithClient;
        doc.internalOnly = !e.data.sharedWithClient;
        return;
      }
      default:
        return;
    }
  },
  // Only documents shared with the client (the others are `internalOnly`), every version of them, not who in the team wrote which.
  client: {
    fields: {
      projectId: true,
      documents: {
        each: {
          fields: {
            documentId: true,
            kind: true,
            title: true,
            sharedWithClient: true,
            version: true,
            location: true,
            versions: { each: { fields: { version: true, location: true, summary: true, at: true } } },
          },
        },
      },
    },
  },
  summarize(view): Record<string, unknown> & DocumentsFigures {
    const documents = Object.values(view.documents ?? {});
    const byKind: Record<string, string[]> = {};
    for (const doc of documents) (byKind[doc.kind] ??= []).push(doc.documentId);
    return {
      documents: documents.length,
      sharedWithClient: documents.filter((doc) => doc.sharedWithClient).length,
      versions: documents.reduce((sum, doc) => sum + doc.versions.length, 0),
      byKind,
    };
  },
};
