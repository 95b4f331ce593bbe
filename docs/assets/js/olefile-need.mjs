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
// forms, an RFC 2047 encoded-word ending ".msg?="). The classifier reads it through the .msg
// (formats/base.is_outlook_item), so olefile must be there first. A cheap look at the raw text: a mail
// that only mentions such a part loads the wheel for nothing, and reads the same.
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

function attachesMsg(data) {
  const text = typeof data === "string" ? data : data instanceof Uint8Array ? latin1.decode(data) : "";
  return ATTACHED_MSG_RE.test(text) || namesMsgInBase64(text);
}

// An input (a dropped file's bytes or a paste's text) that needs olefile to be read.
export function needsOlefile(data) {
  return isOle(data) || attachesMsg(data);
}
