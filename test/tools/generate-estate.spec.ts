import { strict as assert } from "node:assert";
import { parseEstateConfig } from "../../stacks/config/load";
import { generateEstate } from "../../tools/generate-estate";

describe("generateEstate (benchmark estates)", () => {
  it("generates estates that pass every validation rule, at the benchmark's size too", () => {
    for (const size of [
      {},
      { regions: ["us-east-1"], useCases: 1, senderIdCountries: 1 },
      {
        regions: [
          "us-east-1",
          "us-west-2",
          "eu-west-1",
          "eu-central-1",
          "ap-southeast-2",
          "ap-northeast-1",
        ],
        useCases: 11,
        senderIdCountries: 24,
      },
    ]) {
      const estate = parseEstateConfig(generateEstate(size));
      const regions = size.regions ?? ["us-east-1", "us-west-2"];
      assert.equal(estate.primaryRegion, regions[0]);
      // Validation returns standbys in canonical (sorted) order, whatever order they were written in.
      assert.deepEqual(estate.standbyRegions, regions.slice(1).sort());
      assert.equal(Object.keys(estate.useCases).length, size.useCases ?? 3);
      for (const useCase of Object.values(estate.useCases)) {
        assert.equal(useCase.countries.length, 2 + (size.senderIdCountries ?? 12));
      }
    }
  });
});
