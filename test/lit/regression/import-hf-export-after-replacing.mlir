// Fixed bug (hostile campaign, issue 12): `kforge-import HF-FOLDER -o OUT
// --export-gguf-f32 F` replaced a previous import in OUT and only then failed
// (an import of a Hugging Face folder has no GGUF tokenizer metadata to
// export), so a failed command had changed OUT. The combination is refused
// before anything is imported.
// RUN: rm -rf %t.hf %t.out && mkdir -p %t.hf
// RUN: not kforge-import %t.hf -o %t.out --export-gguf-f32 %t.gguf 2>&1 | FileCheck %s
// RUN: test ! -e %t.out && test ! -e %t.gguf

// Tests that the refusal comes first and names the reason.
// CHECK: kforge-import: error: --export-gguf-f32 needs a GGUF source: an import of a Hugging Face folder has no GGUF tokenizer metadata to copy (nothing was imported)
