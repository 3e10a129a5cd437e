#!/usr/bin/env python3
# Time to the first diagnostics of a document opened right after initialize, through the real
# server over stdio (BENCHMARKS.md, "A workspace of 50,000 files").
#   scripts/first-diagnostics.py WORKSPACE DOCUMENT BRIEFLINT_BINARY
import json, subprocess, sys, time
def send(p, m):
    b=json.dumps(m).encode(); p.stdin.write(b"Content-Length: %d\r\n\r\n"%len(b)+b); p.stdin.flush()
def read(p):
    n=0
    while True:
        l=p.stdout.readline()
        if l in (b"\r\n",b""): break
        if l.lower().startswith(b"content-length"): n=int(l.split(b":")[1])
    return json.loads(p.stdout.read(n))
root=sys.argv[1]; doc=sys.argv[2]
p=subprocess.Popen([sys.argv[3],"lsp"],stdin=subprocess.PIPE,stdout=subprocess.PIPE,stderr=subprocess.DEVNULL)
t0=time.time()
send(p,{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":None,"rootUri":"file://"+root,"capabilities":{}}})
while "id" not in read(p): pass
send(p,{"jsonrpc":"2.0","method":"initialized","params":{}})
t1=time.time()
send(p,{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file://"+doc,"languageId":"markdown","version":1,"text":open(doc).read()}}})
while True:
    m=read(p)
    if m.get("method")=="textDocument/publishDiagnostics" and m["params"]["uri"]=="file://"+doc:
        print(f"first diagnostics {time.time()-t1:.2f}s after open ({len(m['params']['diagnostics'])} diagnostics)"); break
send(p,{"jsonrpc":"2.0","id":2,"method":"brieflint/recordIndex","params":{}})
while True:
    m=read(p)
    if m.get("id")==2: print("indexed", len(m["result"]["filings"]), "truncated", m["result"]["truncated"]); break
p.kill()
