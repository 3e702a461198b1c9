/** The data row of an offline comparison: the datasets and benchmarks an abstract says its work uses or builds. */
import { normaliseSpace } from './extract.ts';

/** Never data: hardware, model families, companies, licences, metrics and training methods. */
const NOT_DATA =
  /^(?:[HABLV]\d{2,3}\w*|RTX[\w-]*|TPU\w*|GPUs?|CPUs?|NPU|OpenAI|DeepMind|Google|Meta|Microsoft|NVIDIA|Nvidia|Anthropic|Alibaba|ByteDance|Tencent|Baidu|Amazon|Apple|MiniMax\w*|SAP|Hugging ?Face|GitHub|GPT[\w.-]*|ChatGPT|LLaMA[\w.-]*|Llama[\w.-]*|Qwen[\w.-]*|Claude[\w.-]*|Gemini[\w.-]*|Gemma[\w.-]*|Mistral[\w.-]*|Mixtral[\w.-]*|DeepSeek[\w.-]*|PaLM[\w.-]*|Phi-\d[\w.-]*|BERT|RoBERTa|T5|CLIP|SigLIP|ViT[\w-]*|DiT[\w-]*|LLaVA[\w.-]*|InternVL[\w.-]*|SDXL|SD\d[\w.]*|Stable Diffusion[\w. -]*|FLUX[\w.-]*|DALL-?E[\w.-]*|Whisper|Music2Latent|MIT|Apache[\w. -]*|CC[- ]BY[\w.-]*|GPL[\w.-]*|BSD|ROUGE[\w-]*|BLEU|BERTScore|FID|rFID|gFID|SSIM|PSNR|LPIPS|FLOPs?|ASR|AUC|F1|mAP|UCB|GRPO|PPO|DPO|SFT|RLHF|LoRA|GQA|KV|DOM|API|MLLMs?|LLMs?|VLMs?|LMs?|Mem0|IVF|Triton|PID|RGB[\w-]*|VR|MoE|MCQ|QA|E2EAD|TPB|SR|AI)$/;

const NAME = /^(?:the\s+)?([A-Z][\w+*.-]*(?:\s+[A-Z0-9][\w+*.-]*){0,3})(?:\s+(?:family|suite|benchmarks?|datasets?))?$/;
const NUMBER_WORD = '(?:\\d[\\d.,]*[KkMm]?|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens of|hundreds of)';
const MODIFIER = '(?:(?!(?:of|in|to|for|with|by|on|at|that|which|we|our)\\b(?!-))[\\w-]+\\s+(?:and\\s+)?)';
/** "on two jailbreak robustness benchmarks", "across four representative tasks" (tasks only when counted). */
const DESCRIBED = new RegExp(
  `\\b(?:on|across|over|using|from|(?:and|of)(?=\\s+${NUMBER_WORD}\\b))\\s+(?:the\\s+|all\\s+)?((?:${MODIFIER}{1,5}(?:benchmarks?|datasets?|corpora|corpus|suites?))|(?:${NUMBER_WORD}\\s+${MODIFIER}{0,4}(?:tasks|task environments)))(\\s*\\((?:spanning|covering|including)[^)]{3,80}\\))?`,
  'i',
);
const OPENER = /\b(?:on|across|over|including|such as|namely|benchmarks?\s*\(|datasets?\s*\()\s*/gi;
const LIST_END =
  /[;.]|\b(?:show|shows|showed|demonstrate|demonstrates|confirm|confirms|reveal|reveals|indicate|indicates|suggest|that|where|while|which|using|with|we|our|reduces|achieves|outperforms|improves|yields|at|under|by|to)\b|\)/;

function cleanItem(item: string): string | undefined {
  const text = item
    .trim()
    .replace(/^(?:and|or)\s+/, '')
    .replace(/-(?:derived|based|style|like)$/, '');
  const match = NAME.exec(text);
  const name = match?.[1];
  if (!name || name.length < 2 || NOT_DATA.test(name) || NOT_DATA.test(name.split(/[\s-]/)[0] ?? '')) return undefined;
  return /\b(?:family)$/.test(text) ? `${name} family` : name;
}

/** Names listed after "on", "across", "including" or inside "benchmarks (…)": "on WebArena, VisualWebArena and WorkArena". */
function listedNames(sentence: string): string[] {
  const names: string[] = [];
  for (const open of sentence.matchAll(OPENER)) {
    const rest = sentence.slice(open.index + open[0].length);
    const end = rest.search(LIST_END);
    const segment = end < 0 ? rest : rest.slice(0, end);
    for (const item of segment.split(/,\s*|\s+and\s+/)) {
      const name = cleanItem(item.replace(/\s*\([^)]*$/, '').replace(/\s*\([^)]*\)/g, ''));
      if (name) names.push(name);
    }
  }
  return names;
}

/** A name directly before "benchmark(s)"/"dataset(s)" ("fully-specified ToolBench benchmarks"), or coined as one ("SDG-30K, a 30K-image dataset"). */
function namedAsData(sentence: string): string[] {
  const names: string[] = [];
  for (const m of sentence.matchAll(/\b([A-Z][\w+.-]*[A-Z0-9][\w+.-]*)\s+(?:\w+\s+)?(benchmarks?|datasets?|corpus)\b/g))
    names.push(/^[A-Z]{2,4}$/.test(m[1]!) ? `${m[1]} ${m[2]}` : m[1]!);
  for (const m of sentence.matchAll(
    /\b([A-Z][\w+.-]*[A-Z0-9][\w+.-]*)\)?,\s+an?\s+(?:[\w-]+\s+){0,8}?(?:benchmark|dataset|corpus|suite)\b/g,
  ))
    names.push(m[1]!);
  for (const m of sentence.matchAll(/\b(?:benchmark|dataset|corpus|suite|protocol)s?,\s+([A-Z][\w+.-]*[A-Z0-9][\w+.-]*)(?=[\s.,;]|$)/g))
    names.push(m[1]!);
  return names.filter((n) => !NOT_DATA.test(n) && !NOT_DATA.test(n.split(/[\s-]/)[0] ?? ''));
}

/** "two jailbreak robustness benchmarks", "diverse datasets (spanning social media, gaming, news, and forums)". */
function describedData(sentence: string): string | undefined {
  const match = DESCRIBED.exec(sentence);
  if (!match?.[1]) return undefined;
  const phrase = `${match[1]}${match[2] ?? ''}`.replace(/^(?:all|the|and)\s+/i, '');
  return phrase.split(' ').length >= 2 ? phrase : undefined;
}

/** Data collected by the paper itself: "we collect 41K frames for 234 objects". */
function collectedData(sentence: string): string | undefined {
  return /\b(?:collect|curate|annotate|gather|extend the annotations of)\w*\s+((?:\d[\d.,]*[KkMm]?\s+[\w-]+)(?:\s+for\s+\d[\d.,]*\s+[\w-]+)?)/.exec(
    sentence,
  )?.[1];
}

/**
 * The data of an abstract's own work (background sentences excluded): named datasets and benchmarks first,
 * then described ones; `exclude` holds the paper's own method names.
 */
export function dataOf(sentences: readonly string[], exclude: ReadonlySet<string>): { text: string | undefined; names: string[] } {
  const names: string[] = [];
  const described: string[] = [];
  for (const sentence of sentences.map(normaliseSpace)) {
    const listed = listedNames(sentence).filter((name) => !exclude.has(name));
    for (const name of [...namedAsData(sentence), ...listed])
      if (!names.some((n) => n.toLowerCase() === name.toLowerCase())) names.push(name);
    const phrase = describedData(sentence) ?? collectedData(sentence);
    if (phrase && !described.includes(phrase) && !names.some((n) => phrase.includes(n))) described.push(phrase);
  }
  const parts = [...names.slice(0, 8), ...described.slice(0, names.length ? 1 : 2)];
  return { text: parts.length ? parts.join(', ') : undefined, names };
}
