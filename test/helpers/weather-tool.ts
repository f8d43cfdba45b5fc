/** The parameters of OpenAI's documented `get_weather` example tool, shared by the tool tests. */
export const WEATHER_PARAMETERS = {
  type: "object",
  properties: { location: { type: "string" } },
  required: ["location"],
  additionalProperties: false,
};

export const WEATHER_DESCRIPTION = "Get current temperature for a given location.";
