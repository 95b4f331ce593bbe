// When the diagnoser needs olefile (a self-hosted pure-Python wheel, loaded only when needed): one
// check, shared by the page's worker (diagnoser-worker.mjs) and its Node twin that the parity test
// runs (tools/pyodide-diagnose.mjs), so both have olefile for the same inputs and the test sees what
// the page does when it is absent.

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

// A dropped Outlook .msg file (an OLE compound file).
function isOle(data) {
  return data instanceof Uint8Array && OLE_MAGIC.every((byte, i) => data[i] === byte);
}

// A mail (.eml or pasted source) that attaches an Outlook item as a file: a part typed
// application/vnd.ms-outlook, or a part header naming a *.msg file (name=, filename=, their RFC 2231
// forms and sections, an RFC 2047 encoded-word ending ".msg?="), its fields unfolded. The classifier
// reads it through the .msg (formats/base.is_outlook_item), so olefile must be there first. A cheap
// look at the raw text: a mail that only mentions such a part loads the wheel for nothing, and reads
// the same.
const ATTACHED_MSG_RE = /application\/vnd\.ms-outlook|\b(?:file)?name\*?[0-9]*\*?[ \t]*=[^\n]{0,300}?\.msg\b/i;
const latin1 = new TextDecoder("latin1");

// A name in RFC 2047's B encoding (name="=?UTF-8?B?…?=", as Gmail writes a non-ASCII file name) hides
// its ".msg"; the classifier decodes it (formats/base.attached_file_name), so each run of such words
// (only blanks between them: one name, split anywhere) is decoded here too and its end looked at.
const B_WORD_RE = /=\?[^?\s]{1,40}\?[Bb]\?([A-Za-z0-9+\/]{0,1000}={0,2})\?=/g;

function decodedWord(base64) {
  try {
    return atob(base64);
  } catch {
    return "";  // no base64 after all: no name
  }
}

function namesMsgInBase64(text) {
  if (!text.includes("?B?") && !text.includes("?b?")) return false;
  let joined = "";
  let end = -1;
  for (const word of text.matchAll(B_WORD_RE)) {
    const run = end >= 0 && /^\s*$/.test(text.slice(end, word.index));
    joined = ((run ? joined : "") + decodedWord(word[1])).slice(-16);  // the name's end is all that counts
    end = word.index + word[0].length;
    if (/\.msg\s*$/i.test(joined)) return true;
  }
  return false;
}

// RFC 5322 2.2.3 folding: a parameter, or its value after "=", may start on a continuation line of
// Content-Type or Content-Disposition ("name=\r\n \"x.msg\""); unfolded first, as the classifier's
// MIME parser reads the field.
function unfolded(text) {
  return text.replace(/\r?\n[ \t]+/g, " ");
}

// RFC 2231 section 4: a value marked with "*" (name*=utf-8''x%2Emsg, or a section name*0*=) is
// percent-encoded; the classifier decodes it (MimePart.get_param_text, as email.utils'
// collapse_rfc2231_value), so ".msg" may be written "%2Emsg". Only marked values are decoded: an
// unmarked section's "%" stays as it is, in both. The charset'language' prefix is left on: only the
// end of the name is tested.
function percentDecoded(value) {
  return value.replace(/%([0-9A-Fa-f]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
}

const EXTENDED_RE = /\b(?:file)?name\*[ \t]*=[ \t]*(?:"([^"\n]*)"|([^;\s]*))/gi;

function namesMsgExtended(text) {
  if (!/name\*[ \t]*=/i.test(text)) return false;
  for (const value of text.matchAll(EXTENDED_RE)) {
    if (/\.msg$/i.test(percentDecoded(value[1] ?? value[2] ?? "").trim())) return true;
  }
  return false;
}

// RFC 2231 section 3: a long name split into numbered sections (name*0=…; name*1=…, each quoted or
// *-encoded), which may break ".msg" itself apart; the classifier reads the sections joined in order
// (email.utils.collapse_rfc2231_value), so they are joined here, one header field at a time, the
// *-marked ones percent-decoded, and the end of the whole tested.
const SECTION_RE = /\b((?:file)?name)\*([0-9]{1,3})(\*?)[ \t]*=[ \t]*(?:"([^"\n]*)"|([^;\s]*))/gi;

function namesMsgInSections(text) {
  if (!/name\*0/i.test(text)) return false;
  for (const line of text.split("\n")) {
    if (!/name\*0/i.test(line)) continue;
    const names = new Map();
    for (const section of line.matchAll(SECTION_RE)) {
      const key = section[1].toLowerCase();
      if (!names.has(key)) names.set(key, []);
      const value = section[4] ?? section[5] ?? "";
      names.get(key)[Number(section[2])] = section[3] ? percentDecoded(value) : value;
    }
    for (const sections of names.values()) {
      if (/\.msg$/i.test(sections.join("").trim())) return true;
    }
  }
  return false;
}

function attachesMsg(data) {
  const raw = typeof data === "string" ? data : data instanceof Uint8Array ? latin1.decode(data) : "";
  const text = unfolded(raw);
  if (namesMsgInSections(text) || namesMsgExtended(text)) return true;
  return ATTACHED_MSG_RE.test(text) || namesMsgInBase64(text);
}

// An input (a dropped file's bytes or a paste's text) that needs olefile to be read.
export function needsOlefile(data) {
  return isOle(data) || attachesMsg(data);
}
