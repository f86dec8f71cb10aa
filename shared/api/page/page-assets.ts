import { createHash } from 'node:crypto';

/**
 * The status page's only style sheet and script, inlined (no other request, nothing from another host) and allowed
 * by their hashes in the page's content security policy.
 */
export const PAGE_STYLE = `
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;color:#1a1a1a;background:#f6f7f9}
a{color:#0b57a4}
header,main,footer{max-width:46rem;margin:0 auto;padding:0 1rem}
header{padding-top:1rem}
h1{font-size:1.6rem;margin:.2rem 0}
h2{font-size:1.25rem;margin:0 0 .4rem}
h3{font-size:1rem;margin:1rem 0 .3rem}
p{margin:.3rem 0}
.q{margin:0 0 1rem;color:#444}
.lang{text-align:right;font-size:.95rem;margin-bottom:-.4rem}
.card,.help,.box{background:#fff;border:1px solid #d7dbe0;border-radius:.6rem;padding:1rem;margin:0 0 1rem}
.headline{font-size:1.15rem;font-weight:600;border-radius:.6rem;padding:.75rem 1rem;margin:0 0 1rem;display:flex;gap:.6rem;align-items:center}
.answer{font-size:1.6rem;font-weight:700;display:flex;gap:.5rem;align-items:center;margin:.2rem 0}
.i{width:1.2em;height:1.2em;flex:none;fill:none;stroke:currentColor;stroke-width:2.2;stroke-linecap:round;stroke-linejoin:round}
.s-up{color:#14652b}.s-degraded{color:#7a4a00}.s-maintenance{color:#0b4f8a}.s-down{color:#a01818}.s-unknown{color:#4a4a4a}
.headline.s-up{background:#e3f3e7}.headline.s-degraded{background:#fff2d6}.headline.s-maintenance{background:#e1edfb}.headline.s-down{background:#fde6e6}.headline.s-unknown{background:#ececec}
.help{border-width:2px}.b-up{border-color:#2e8540}.b-down{border-color:#c0392b}.b-maintenance{border-color:#1f5fa8}.b-degraded{border-color:#b7791f}.b-unknown{border-color:#6b6b6b}
summary{font-weight:700;cursor:pointer;margin:1rem 0 .3rem}
.muted{color:#555}
.note{background:#f1f3f6;border-radius:.4rem;padding:.4rem .6rem}
ul,ol{padding-left:1.2rem;margin:.3rem 0}
.votes{list-style:none;padding:0}
.votes li{display:flex;gap:.4rem;align-items:flex-start}
.votes .i{margin-top:.15em}
.codes{list-style:none;padding:0}
.codes li{border-top:1px solid #e3e6ea;padding:.5rem 0}
.code{font-family:ui-monospace,Menlo,Consolas,monospace;font-weight:700;overflow-wrap:anywhere}
.side{display:inline-block;font-size:.85rem;border-radius:1rem;padding:0 .5rem;margin-left:.3rem}
.side.djp{background:#fde6e6;color:#8a1414}.side.yours{background:#e1edfb;color:#0b4070}.side.either{background:#fff2d6;color:#6b4100}
.days{list-style:none;display:flex;gap:2px;padding:0;margin:.3rem 0 .6rem;height:2.4rem;position:relative}
.days li{flex:1 1 0;min-width:0;background:#2e8540;border-radius:1px;display:flex;flex-direction:column;overflow:hidden;cursor:default}
.days li:focus{outline:2px solid #1a1a1a;outline-offset:1px}
.days li.nd{background:#c4c8cd}
.days i{display:block;flex:none}
.days .dn{background:#c0392b}.days .mt{background:#1f5fa8}.days .dg{background:#d69e2e}.days .uk{background:#c4c8cd}
.h1{height:10%}.h2{height:20%}.h3{height:30%}.h4{height:40%}.h5{height:50%}.h6{height:60%}.h7{height:70%}.h8{height:80%}.h9{height:90%}.h10{height:100%}
.tip,.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
.days li:hover .tip,.days li:focus .tip{width:auto;height:auto;clip-path:none;white-space:normal;left:0;right:0;top:calc(100% + .3rem);background:#1a1a1a;color:#fff;font-size:.85rem;padding:.2rem .5rem;border-radius:.3rem;z-index:1}
.span-n{display:none}
@media (max-width:600px){.days li:nth-child(-n+60){display:none}.span-w{display:none}.span-n{display:inline}}
.legend{font-size:.85rem;color:#444;display:flex;flex-wrap:wrap;gap:.2rem .8rem;list-style:none;padding:0}
.legend .key{display:inline-block;width:.8em;height:.8em;margin-right:.3em;vertical-align:-.05em;background:#2e8540}.legend .mt{background:#1f5fa8}.legend .dn{background:#c0392b}.legend .dg{background:#d69e2e}.legend .uk{background:#c4c8cd}
.incidents{list-style:none;padding:0}
.incidents li{border-top:1px solid #e3e6ea;padding:.5rem 0}
form label{display:block;font-weight:600}
input[type=email]{width:100%;max-width:24rem;font:inherit;padding:.5rem;border:1px solid #8a9099;border-radius:.4rem}
fieldset{border:0;padding:0;margin:.8rem 0}
legend{font-weight:600;padding:0}
fieldset label{font-weight:400;display:flex;gap:.4rem;align-items:center;min-height:2rem}
input[type=checkbox]{width:1.2rem;height:1.2rem}
button{font:inherit;font-weight:600;padding:.55rem 1.2rem;border:0;border-radius:.4rem;background:#0b57a4;color:#fff;cursor:pointer}
button:focus-visible,a:focus-visible,input:focus-visible{outline:3px solid #f0b400;outline-offset:2px}
.outcome{font-weight:600;border-left:4px solid #0b57a4;padding-left:.6rem}
footer{font-size:.9rem;color:#444;padding-bottom:2rem}
`
  .trim()
  .replace(/\n/g, '');

/**
 * With JavaScript the page refreshes itself: it asks `/status` (HEAD, with its ETag) every few seconds and, when that
 * changed, fetches the page again and swaps the parts marked `data-live` (never the form someone may be typing in).
 * It reads each (empty) answer to its end: Chromium counts an unread one as an aborted request.
 * "12 s ago" counts on from the server's clock, not the computer's (a wrong PC clock is a common fault).
 */
export const PAGE_SCRIPT = `
(()=>{
const d=JSON.parse(document.getElementById("page-data").textContent);
let etag=d.etag,base=d.now,t0=performance.now();
const now=()=>base+performance.now()-t0;
const fmt=ms=>{const s=Math.max(0,Math.floor(ms/1000)),p=[Math.floor(s/86400),Math.floor(s/3600)%24,Math.floor(s/60)%60,s%60];let f=p.findIndex(x=>x>0);if(f<0)return"0 "+d.units[3];return p.slice(f,f+2).map((v,i)=>[v,d.units[f+i]]).filter(x=>x[0]>0).map(x=>x[0]+" "+x[1]).join(" ")};
const tick=()=>{for(const t of document.querySelectorAll("time[data-ago]"))t.textContent=d.ago.replace("%s",fmt(now()-Date.parse(t.dateTime)))};
const days=()=>{for(const ol of document.querySelectorAll("ol.days")){const items=[...ol.children];const shown=()=>items.filter(li=>li.offsetParent!==null);const last=shown().at(-1);if(last)last.tabIndex=0;ol.onkeydown=e=>{const v=shown(),i=v.indexOf(document.activeElement);if(i<0)return;const j=e.key==="ArrowLeft"?i-1:e.key==="ArrowRight"?i+1:e.key==="Home"?0:e.key==="End"?v.length-1:-2;if(j===-2||!v[j])return;e.preventDefault();v[i].tabIndex=-1;v[j].tabIndex=0;v[j].focus()}}};
const states=()=>new Map([...document.querySelectorAll("[data-status]")].map(e=>[e.id,[e.dataset.name,e.dataset.status,e.dataset.word]]));
const refresh=async()=>{const u=new URL(location.href);u.searchParams.delete("subscription");u.hash="";const r=await fetch(u,{headers:{Accept:"text/html"},cache:"no-store"});if(!r.ok)return false;const doc=new DOMParser().parseFromString(await r.text(),"text/html");const data=doc.getElementById("page-data");if(!data)return false;const before=states();for(const el of document.querySelectorAll("[data-live]")){const next=doc.getElementById(el.id);if(next&&!el.contains(document.activeElement))el.replaceWith(document.importNode(next,true))}document.title=doc.title;const f=JSON.parse(data.textContent);base=f.now;t0=performance.now();const said=[];for(const[id,[name,status,word]]of states()){const b=before.get(id);if(b&&b[1]!==status)said.push(name+": "+word)}if(said.length)document.getElementById("live").textContent=said.join(". ");tick();days();return true};
const poll=async()=>{if(!document.hidden){try{const r=await fetch("status",{method:"HEAD",headers:{"If-None-Match":etag},cache:"no-store"});await r.arrayBuffer();const tag=r.headers.get("ETag");if(r.status===200&&tag&&tag!==etag&&await refresh())etag=tag}catch{}}setTimeout(poll,d.pollMs)};
tick();days();setInterval(tick,1000);setTimeout(poll,d.pollMs);
})();
`.trim();

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

export const PAGE_STYLE_HASH = sha256(PAGE_STYLE);
export const PAGE_SCRIPT_HASH = sha256(PAGE_SCRIPT);
