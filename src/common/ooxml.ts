/** What every Office Open XML part we write shares (Word, Excel, charts). */

/** The declaration each part starts with. */
export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** The namespace of relationship ids (`r:id`) inside the parts. */
export const NS_RELATIONSHIPS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** The namespace of the relationship parts themselves (`_rels/*.rels`). */
export const NS_PACKAGE_RELATIONSHIPS = 'http://schemas.openxmlformats.org/package/2006/relationships';
