/** Stored responses of the OpenAI Responses API (migration 0600-stored-responses). Timestamps are epoch ms, JSON is text. */

export interface StoredResponsesTable {
  /** `resp_…`: the response id clients continue from (`previous_response_id`) or fetch. */
  id: string;
  /** The organization it belongs to: only that organization reads, continues or deletes it. */
  org_id: string;
  model: string;
  /** completed | incomplete */
  status: string;
  /** JSON text: the response object as the client received it. */
  response: string;
  /**
   * JSON text: the conversation as chat messages (the input so far, the previous responses'
   * included, and this response's output), without the instructions: what a request continuing
   * from this response starts from.
   */
  conversation: string;
  created_at: number;
  /** When the operator's retention ends; the response is gone after it. */
  expires_at: number;
}

export interface ResponsesTables {
  stored_responses: StoredResponsesTable;
}
