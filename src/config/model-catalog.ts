/**
 * The model catalog: cards for the main open models (license, size, context, capabilities), so
 * that an operator maps a catalog model to deployments instead of typing metadata. Context
 * lengths are the longest the model supports as published (YaRN where its card says so); a
 * deployment may serve less (e.g. vLLM's --max-model-len).
 */
import type { Capability } from './config-schema.ts';

export interface ModelCard {
  id: string;
  name: string;
  vendor: string;
  license: string;
  /** Parameter count as published, e.g. "671B total / 37B active". */
  parameters: string;
  contextLength: number;
  capabilities: Capability[];
  description: string;
  descriptionZh: string;
  /** Hugging Face repository of the weights. */
  huggingFace?: string;
  /** Output dimensions of an embedding model. */
  embeddingDimensions?: number;
}

const chatTools: Capability[] = ['chat', 'tools'];
const reasoningTools: Capability[] = ['chat', 'tools', 'reasoning'];

export const modelCatalog: ModelCard[] = [
  // DeepSeek
  {
    id: 'deepseek-v3',
    name: 'DeepSeek-V3',
    vendor: 'DeepSeek',
    license: 'MIT',
    parameters: '671B total / 37B active',
    contextLength: 131_072,
    capabilities: chatTools,
    huggingFace: 'deepseek-ai/DeepSeek-V3-0324',
    description: 'Mixture-of-experts chat model with multi-head latent attention; the 0324 revision is MIT-licensed.',
    descriptionZh: '采用 MLA 与 MoE 架构的通用对话模型，0324 版本以 MIT 协议开源。',
  },
  {
    id: 'deepseek-v3.1',
    name: 'DeepSeek-V3.1',
    vendor: 'DeepSeek',
    license: 'MIT',
    parameters: '671B total / 37B active',
    contextLength: 131_072,
    capabilities: reasoningTools,
    huggingFace: 'deepseek-ai/DeepSeek-V3.1',
    description:
      'Hybrid model with a thinking and a non-thinking mode chosen by the chat template; stronger tool use and agent tasks.',
    descriptionZh: '混合推理模型，通过对话模板切换思考与非思考模式，工具调用与智能体能力更强。',
  },
  {
    id: 'deepseek-r1',
    name: 'DeepSeek-R1',
    vendor: 'DeepSeek',
    license: 'MIT',
    parameters: '671B total / 37B active',
    contextLength: 131_072,
    capabilities: reasoningTools,
    huggingFace: 'deepseek-ai/DeepSeek-R1-0528',
    description:
      'Reasoning model trained with large-scale reinforcement learning; returns its chain of thought as reasoning_content.',
    descriptionZh: '通过大规模强化学习训练的推理模型，思维链以 reasoning_content 返回。',
  },
  // Qwen
  {
    id: 'qwen3-235b-a22b',
    name: 'Qwen3-235B-A22B',
    vendor: 'Alibaba Qwen',
    license: 'Apache-2.0',
    parameters: '235B total / 22B active',
    contextLength: 131_072,
    capabilities: reasoningTools,
    huggingFace: 'Qwen/Qwen3-235B-A22B',
    description:
      'Flagship Qwen3 mixture-of-experts model with switchable thinking; 32K context natively, 128K with YaRN.',
    descriptionZh: 'Qwen3 旗舰 MoE 模型，可切换思考模式；原生 32K 上下文，YaRN 扩展至 128K。',
  },
  {
    id: 'qwen3-235b-a22b-instruct-2507',
    name: 'Qwen3-235B-A22B-Instruct-2507',
    vendor: 'Alibaba Qwen',
    license: 'Apache-2.0',
    parameters: '235B total / 22B active',
    contextLength: 262_144,
    capabilities: chatTools,
    huggingFace: 'Qwen/Qwen3-235B-A22B-Instruct-2507',
    description: 'Non-thinking July 2025 update of Qwen3-235B-A22B with a native 256K context.',
    descriptionZh: 'Qwen3-235B-A22B 的 2507 非思考版更新，原生 256K 上下文。',
  },
  {
    id: 'qwen3-30b-a3b',
    name: 'Qwen3-30B-A3B',
    vendor: 'Alibaba Qwen',
    license: 'Apache-2.0',
    parameters: '30.5B total / 3.3B active',
    contextLength: 131_072,
    capabilities: reasoningTools,
    huggingFace: 'Qwen/Qwen3-30B-A3B',
    description: 'Small mixture-of-experts Qwen3 model, fast on a single GPU; switchable thinking.',
    descriptionZh: '小型 Qwen3 MoE 模型，单卡即可高速推理，可切换思考模式。',
  },
  {
    id: 'qwen3-32b',
    name: 'Qwen3-32B',
    vendor: 'Alibaba Qwen',
    license: 'Apache-2.0',
    parameters: '32.8B',
    contextLength: 131_072,
    capabilities: reasoningTools,
    huggingFace: 'Qwen/Qwen3-32B',
    description: 'The largest dense Qwen3 model; switchable thinking.',
    descriptionZh: 'Qwen3 系列最大的稠密模型，可切换思考模式。',
  },
  {
    id: 'qwen3-8b',
    name: 'Qwen3-8B',
    vendor: 'Alibaba Qwen',
    license: 'Apache-2.0',
    parameters: '8.2B',
    contextLength: 131_072,
    capabilities: reasoningTools,
    huggingFace: 'Qwen/Qwen3-8B',
    description: 'Dense Qwen3 model for a single consumer GPU; switchable thinking.',
    descriptionZh: '适合单张消费级显卡的 Qwen3 稠密模型，可切换思考模式。',
  },
  {
    id: 'qwen3-embedding-8b',
    name: 'Qwen3-Embedding-8B',
    vendor: 'Alibaba Qwen',
    license: 'Apache-2.0',
    parameters: '8B',
    contextLength: 32_768,
    capabilities: ['embeddings'],
    embeddingDimensions: 4096,
    huggingFace: 'Qwen/Qwen3-Embedding-8B',
    description: 'Multilingual text embedding model (up to 4096 dimensions) for retrieval and clustering.',
    descriptionZh: '多语言文本向量模型（最高 4096 维），用于检索与聚类。',
  },
  {
    id: 'qwen3-embedding-0.6b',
    name: 'Qwen3-Embedding-0.6B',
    vendor: 'Alibaba Qwen',
    license: 'Apache-2.0',
    parameters: '0.6B',
    contextLength: 32_768,
    capabilities: ['embeddings'],
    embeddingDimensions: 1024,
    huggingFace: 'Qwen/Qwen3-Embedding-0.6B',
    description: 'Small multilingual embedding model (1024 dimensions) that runs on CPU.',
    descriptionZh: '小型多语言向量模型（1024 维），可在 CPU 上运行。',
  },
  {
    id: 'qwen2.5-72b-instruct',
    name: 'Qwen2.5-72B-Instruct',
    vendor: 'Alibaba Qwen',
    license: 'Qwen License',
    parameters: '72.7B',
    contextLength: 131_072,
    capabilities: chatTools,
    huggingFace: 'Qwen/Qwen2.5-72B-Instruct',
    description: 'Dense Qwen2.5 chat model; commercial use above 100M monthly users needs a licence from Alibaba.',
    descriptionZh: 'Qwen2.5 稠密对话模型；月活超过 1 亿的商业使用需向阿里云申请授权。',
  },
  {
    id: 'qwen2.5-7b-instruct',
    name: 'Qwen2.5-7B-Instruct',
    vendor: 'Alibaba Qwen',
    license: 'Apache-2.0',
    parameters: '7.6B',
    contextLength: 131_072,
    capabilities: chatTools,
    huggingFace: 'Qwen/Qwen2.5-7B-Instruct',
    description: 'Small dense Qwen2.5 chat model.',
    descriptionZh: '小尺寸 Qwen2.5 稠密对话模型。',
  },
  // Baidu ERNIE
  {
    id: 'ernie-4.5-300b-a47b',
    name: 'ERNIE-4.5-300B-A47B',
    vendor: 'Baidu',
    license: 'Apache-2.0',
    parameters: '300B total / 47B active',
    contextLength: 131_072,
    capabilities: ['chat'],
    huggingFace: 'baidu/ERNIE-4.5-300B-A47B-PT',
    description: 'Largest open text model of the ERNIE 4.5 family (mixture of experts).',
    descriptionZh: '文心 4.5 系列最大的开源文本 MoE 模型。',
  },
  {
    id: 'ernie-4.5-21b-a3b',
    name: 'ERNIE-4.5-21B-A3B',
    vendor: 'Baidu',
    license: 'Apache-2.0',
    parameters: '21B total / 3B active',
    contextLength: 131_072,
    capabilities: ['chat'],
    huggingFace: 'baidu/ERNIE-4.5-21B-A3B-PT',
    description: 'Lightweight ERNIE 4.5 mixture-of-experts text model.',
    descriptionZh: '轻量级文心 4.5 MoE 文本模型。',
  },
  // Shanghai AI Laboratory
  {
    id: 'internlm3-8b-instruct',
    name: 'InternLM3-8B-Instruct',
    vendor: 'Shanghai AI Laboratory',
    license: 'Apache-2.0',
    parameters: '8B',
    contextLength: 32_768,
    capabilities: reasoningTools,
    huggingFace: 'internlm/internlm3-8b-instruct',
    description: 'InternLM3 instruction model with a deep-thinking mode, trained on 4T tokens.',
    descriptionZh: '书生·浦语 3 指令模型，支持深度思考模式，仅用 4T tokens 训练。',
  },
  // Zhipu GLM
  {
    id: 'glm-4-9b',
    name: 'GLM-4-9B-0414',
    vendor: 'Zhipu AI',
    license: 'MIT',
    parameters: '9B',
    contextLength: 32_768,
    capabilities: chatTools,
    huggingFace: 'THUDM/GLM-4-9B-0414',
    description: 'Small dense GLM-4 chat model with function calling.',
    descriptionZh: '支持函数调用的小尺寸 GLM-4 稠密对话模型。',
  },
  {
    id: 'glm-4-32b',
    name: 'GLM-4-32B-0414',
    vendor: 'Zhipu AI',
    license: 'MIT',
    parameters: '32B',
    contextLength: 32_768,
    capabilities: chatTools,
    huggingFace: 'THUDM/GLM-4-32B-0414',
    description: 'Dense GLM-4 chat model tuned for code, tools and agent tasks.',
    descriptionZh: '面向代码、工具调用与智能体任务优化的 GLM-4 稠密模型。',
  },
  {
    id: 'glm-4.5',
    name: 'GLM-4.5',
    vendor: 'Zhipu AI',
    license: 'MIT',
    parameters: '355B total / 32B active',
    contextLength: 131_072,
    capabilities: reasoningTools,
    huggingFace: 'zai-org/GLM-4.5',
    description: 'Mixture-of-experts agent model with hybrid thinking and non-thinking modes.',
    descriptionZh: '面向智能体的 MoE 模型，支持思考与非思考混合模式。',
  },
  {
    id: 'glm-4.5-air',
    name: 'GLM-4.5-Air',
    vendor: 'Zhipu AI',
    license: 'MIT',
    parameters: '106B total / 12B active',
    contextLength: 131_072,
    capabilities: reasoningTools,
    huggingFace: 'zai-org/GLM-4.5-Air',
    description: 'Compact GLM-4.5 with the same hybrid reasoning.',
    descriptionZh: 'GLM-4.5 的紧凑版本，同样支持混合推理。',
  },
  // Moonshot Kimi
  {
    id: 'kimi-k2-instruct',
    name: 'Kimi-K2-Instruct',
    vendor: 'Moonshot AI',
    license: 'Modified MIT',
    parameters: '1T total / 32B active',
    contextLength: 131_072,
    capabilities: chatTools,
    huggingFace: 'moonshotai/Kimi-K2-Instruct',
    description:
      'Trillion-parameter mixture-of-experts model built for tool use and agents (the 0905 update serves 256K context).',
    descriptionZh: '万亿参数 MoE 模型，擅长工具调用与智能体任务（0905 版本支持 256K 上下文）。',
  },
  // MiniMax
  {
    id: 'minimax-m1',
    name: 'MiniMax-M1',
    vendor: 'MiniMax',
    license: 'Apache-2.0',
    parameters: '456B total / 45.9B active',
    contextLength: 1_000_000,
    capabilities: reasoningTools,
    huggingFace: 'MiniMaxAI/MiniMax-M1-80k',
    description: 'Reasoning model on a hybrid lightning-attention architecture with a 1M-token context.',
    descriptionZh: '基于闪电注意力混合架构的推理模型，支持 100 万 token 上下文。',
  },
  {
    id: 'minimax-text-01',
    name: 'MiniMax-Text-01',
    vendor: 'MiniMax',
    license: 'MiniMax Model License',
    parameters: '456B total / 45.9B active',
    contextLength: 1_000_000,
    capabilities: chatTools,
    huggingFace: 'MiniMaxAI/MiniMax-Text-01',
    description: 'Long-context model trained on 1M tokens of context (up to 4M at inference).',
    descriptionZh: '长上下文模型，训练上下文 100 万 token，推理时最长 400 万。',
  },
  // Meta Llama
  {
    id: 'llama-3.3-70b-instruct',
    name: 'Llama-3.3-70B-Instruct',
    vendor: 'Meta',
    license: 'Llama 3.3 Community License',
    parameters: '70B',
    contextLength: 131_072,
    capabilities: chatTools,
    huggingFace: 'meta-llama/Llama-3.3-70B-Instruct',
    description: 'Multilingual dense chat model; the license requires attribution and limits very large services.',
    descriptionZh: '多语言稠密对话模型；许可要求署名，并限制超大规模服务。',
  },
  {
    id: 'llama-3.1-8b-instruct',
    name: 'Llama-3.1-8B-Instruct',
    vendor: 'Meta',
    license: 'Llama 3.1 Community License',
    parameters: '8B',
    contextLength: 131_072,
    capabilities: chatTools,
    huggingFace: 'meta-llama/Llama-3.1-8B-Instruct',
    description: 'Small multilingual Llama 3.1 chat model.',
    descriptionZh: '小尺寸多语言 Llama 3.1 对话模型。',
  },
  {
    id: 'llama-3.1-70b-instruct',
    name: 'Llama-3.1-70B-Instruct',
    vendor: 'Meta',
    license: 'Llama 3.1 Community License',
    parameters: '70B',
    contextLength: 131_072,
    capabilities: chatTools,
    huggingFace: 'meta-llama/Llama-3.1-70B-Instruct',
    description: 'Multilingual Llama 3.1 chat model.',
    descriptionZh: '多语言 Llama 3.1 对话模型。',
  },
  // The built-in simulator
  {
    id: 'sim-chat',
    name: 'Kaiyuan Simulator Chat',
    vendor: 'Kaiyuan',
    license: 'Apache-2.0',
    parameters: 'none (simulated)',
    contextLength: 32_768,
    capabilities: ['chat', 'completions', 'tools', 'json_schema'],
    description:
      'Deterministic built-in simulator for tests, demos and benchmarks; streams, calls tools and reports usage offline.',
    descriptionZh: '内置的确定性模拟模型，用于测试、演示与压测；离线即可流式输出、调用工具并返回用量。',
  },
  {
    id: 'sim-embed',
    name: 'Kaiyuan Simulator Embeddings',
    vendor: 'Kaiyuan',
    license: 'Apache-2.0',
    parameters: 'none (simulated)',
    contextLength: 8_192,
    capabilities: ['embeddings'],
    embeddingDimensions: 256,
    description: 'Deterministic built-in embedding simulator (256 dimensions).',
    descriptionZh: '内置的确定性向量模拟模型（256 维）。',
  },
  {
    id: 'sim-reasoner',
    name: 'Kaiyuan Simulator Reasoner',
    vendor: 'Kaiyuan',
    license: 'Apache-2.0',
    parameters: 'none (simulated)',
    contextLength: 32_768,
    capabilities: ['chat', 'completions', 'tools', 'json_schema', 'reasoning'],
    description: 'Deterministic built-in simulator that returns reasoning_content before its answer.',
    descriptionZh: '内置的确定性模拟推理模型，先返回 reasoning_content 再给出答案。',
  },
  {
    id: 'sim-rerank',
    name: 'Kaiyuan Simulator Rerank',
    vendor: 'Kaiyuan',
    license: 'Apache-2.0',
    parameters: 'none (simulated)',
    contextLength: 8_192,
    capabilities: ['rerank'],
    description: 'Deterministic built-in reranker (POST /v1/rerank): scores documents by their overlap with the query.',
    descriptionZh: '内置的确定性重排序模拟模型（POST /v1/rerank）：按文档与查询的重合度打分。',
  },
];

const byId = new Map(modelCatalog.map((card) => [card.id, card]));

export function findCard(id: string): ModelCard | undefined {
  return byId.get(id);
}
