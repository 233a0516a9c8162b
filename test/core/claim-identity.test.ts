import { describe, expect, it } from "vitest";
import { seededRandom } from "../../src/core/random.ts";
import { decide } from "../../src/core/decide.ts";
import type { FactCheck } from "../../src/core/factcheck.ts";
import { claimDifferences } from "../../src/core/claim-identity.ts";
import type { ScoredMatch } from "../../src/core/lookup-types.ts";

const fc = (claim: string, altClaims: string[] = []) => ({ claim, altClaims });
/** The kind of the first difference, or null when the post is the same claim. */
const claimClash = (post: string, factCheck: { claim: string; altClaims: string[] }) => claimDifferences(post, factCheck)[0]?.kind ?? null;

describe("claimDifferences: one slot changed is another claim", () => {
  it("names the person, place, country and object that differ", () => {
    expect(
      claimDifferences(
        "Senator Elizabeth Warren was arrested by the Secret Service for plotting a coup to overthrow the president",
        fc("Rep. nancy pelosi was arrested by the secret service for plotting a coup to overthrow the president."),
      )[0],
    ).toEqual({ kind: "person", post: "Elizabeth Warren", claim: "Nancy Pelosi" });
    expect(
      claimDifferences("Melania Trump was arrested while attempting to purchase marijuana in Chicago", fc("Malia obama was arrested while attempting to purchase marijuana in chicago."))[0],
    ).toEqual({ kind: "person", post: "Melania Trump", claim: "Malia Obama" });
    expect(claimDifferences("Ohio has banned a popular type of ammunition, the 9mm", fc("California has banned a popular type of ammunition, the .45 acp."))[0])
      .toEqual({ kind: "place", post: "Ohio", claim: "California" });
    expect(
      claimDifferences(
        "Russian state media reported that Iran has decided to send troops to Ukraine to support Russia",
        fc("Russian state media reported that North Korea has decided to send troops to Ukraine to support Russia in the Russia-Ukraine war"),
      )[0],
    ).toEqual({ kind: "country", post: "Iran", claim: "North Korea" });
    expect(claimClash("Obama signed an executive order banning confederate flags", fc("Obama signed an executive order banning the sale of assault weapons."))).toBe("object");
  });
  it("reads demonyms, other scripts and aliases as the same entity", () => {
    const seed = fc("Russian state media reported that North Korea has decided to send troops to Ukraine", ["북한, 러시아 지원 위해 우크라이나에 파병 결정"]);
    expect(claimClash("North Korean troops are being sent to Ukraine, Russian state media reported", seed)).toBeNull();
    expect(claimClash("북한이 러시아 지원 위해 우크라이나에 파병 결정", seed)).toBeNull();
    expect(claimDifferences("이란, 러시아 지원 위해 우크라이나에 파병 결정", seed)[0]).toMatchObject({ kind: "country", post: "이란" });
    expect(claimClash("AOC said the world will end in 12 years", fc("Alexandria Ocasio-Cortez said the world will end in 12 years."))).toBeNull();
    expect(claimClash("Trump said he would build a wall", fc("Donald Trump said he would build a wall"))).toBeNull();
    expect(claimClash("Hunter Biden was arrested in Delaware", fc("Joe Biden was arrested in Delaware"))).toBe("person");
  });
  it("pairs a name the post repeats with the claim's one in the same slot, and sees the swapped one", () => {
    // The post says "spanish" twice; the claim's "spanish" is the second, so the first stands for "portuguese".
    expect(
      claimDifferences("donald trump said that spanish people are the same as spanish, but with worse wine.", fc('Donald trump said that "portuguese people are the same as spanish, but with worse wine."'))[0],
    ).toMatchObject({ kind: "country", post: "Spanish", claim: "Portuguese" });
    // "Frostys" and "frosty key tag": each side's second name belongs to the other's second, not to its first.
    expect(
      claimClash("you can get free home depot frostys all year long if you purchase a $1 frosty key tag.", fc("You can get free wendy's frostys all year long if you purchase a $1 frosty key tag.")),
    ).not.toBeNull();
    expect(claimClash("you can get free wendy's frostys all year long if you purchase a $1 frosty key tag!!", fc("You can get free wendy's frostys all year long if you purchase a $1 frosty key tag."))).toBeNull();
  });
  it("sees another person after the same opening words, even when the post's person is the claim's second one", () => {
    const claim = fc("A photograph shows bernie sanders at a 1965 civil rights march with martin luther king, jr.");
    expect(claimDifferences("A photograph shows Martin Luther King Jr. flipping the bird at a photographer.", claim)[0]).toMatchObject({
      kind: "person",
      post: "Martin Luther",
      claim: "Bernie Sanders",
    });
    // The claim's person named in the post, or other words before the person: no such swap.
    expect(claimClash("A photograph shows Bernie Sanders at a 1965 civil rights march with Martin Luther King Jr.", claim)).toBeNull();
    expect(claimClash("Home Depot Co-Founder Endorses Donald Trump", fc("Home depot founder and ceo bernie marcus has endorsed donald trump for president."))).toBeNull();
  });

  it("sees a country swapped inside a name (Royal Danish Legion / royal british legion), and keeps a surname that is a country", () => {
    const claim = "The royal british legion won't be selling remembrance day poppies this year";
    const post = "The Royal Danish Legion won't be selling Remembrance Day poppies this year";
    expect(claimDifferences(post, fc(claim))[0]).toMatchObject({ kind: "country", post: "Danish", claim: "British" });
    expect(claimDifferences(post, fc("The Royal British Legion won't be selling Remembrance Day poppies this year"))[0]).toMatchObject({ kind: "country" });
    expect(claimClash("The Royal British Legion won't be selling Remembrance Day poppies this year", fc(claim))).toBeNull();
    expect(claimClash("Michael Jordan donated his salary to the Royal British Legion", fc("michael jordan donated his salary to the royal british legion"))).toBeNull();
  });

  it("reads the claim's common words beside a different final object as that object's, not as a broken frame", () => {
    expect(
      claimDifferences("u.s. rep. steve southerland voted to keep the shutdown going.", fc('Says U.S. Rep. Steve Southerland "voted himself health care for life."'))[0],
    ).toMatchObject({ kind: "object", claim: "himself health care for life" });
    expect(claimClash("Rep. Steve Southerland voted himself health care for life", fc('Says U.S. Rep. Steve Southerland "voted himself health care for life."'))).toBeNull();
  });
  it("sees another predicate of the same subject in a post that leaves out the claim's leading context", () => {
    // The 200k bench's wrong group match (tweet-sno-1155): the post never says "Orlando nightclub", so that context
    // held the frame under its share and "is dead" read as a restatement of "was a democrat".
    const mateen = fc("Orlando nightclub shooter Omar Mateen was a democrat.");
    expect(claimDifferences("Alert: Rumors of multiple shooters are unfounded. The one shooter, Omar Mateen, is dead", mateen)).toEqual([
      { kind: "name", post: "dead", claim: "democrat" },
    ]);
    // The same claim without that context, reworded or not.
    expect(claimDifferences("The Orlando shooter, Omar Mateen, was a registered Democrat", mateen)).toEqual([]);
    expect(claimDifferences("So the nightclub shooter Omar Mateen was a Democrat", mateen)).toEqual([]);
    // Other templates: one subject, another predicate.
    const hanks = fc("Hollywood actor Tom Hanks was arrested for child trafficking.");
    expect(claimDifferences("BREAKING: Actor Tom Hanks has died", hanks)).toEqual([{ kind: "object", post: "died", claim: "arrested for child trafficking" }]);
    expect(claimDifferences("Actor Tom Hanks has been arrested for child trafficking", hanks)).toEqual([]);
    const paddock = fc("Las Vegas shooter Stephen Paddock was a member of antifa.");
    expect(claimDifferences("The gunman, shooter Stephen Paddock, was a retired accountant", paddock)).toEqual([
      { kind: "object", post: "retired accountant", claim: "member of antifa" },
    ]);
    expect(claimDifferences("Shooter Stephen Paddock was a member of antifa!!", paddock)).toEqual([]);
    // A tweet's own words after the shared ones that open no predicate ("be", "have", a modal) on both sides are its
    // comment, not another claim (CheckThat! 2022-2a-en train pairs, each the same claim).
    expect(claimDifferences("William Macy aka FRANK GALLAGHER died last night‼️ :/ day ruined", fc("In March 2017, actor William H. Macy died of a heart attack at the age of 66."))).toEqual([]);
    expect(
      claimDifferences(
        "Computer scientists have apparently uncovered a covert server linking the Trump Organization to a Russian-based bank.",
        fc('Experts confirmed a computer server linked to Donald Trump "was communicating with Russia."'),
      ),
    ).toEqual([]);
  });
  it("reads a word swapped for its synonym (WordNet) as the same claim, and another word as another object", () => {
    const claim = fc('The Texas Senate "approved a bill to put a special label on the insurance cards of anyone who bought a plan through Obamacare."');
    expect(claimClash("The Texas Senate approved a bill to put a special label on the insurance cards of anyone who purchased a plan through Obamacare.", claim)).toBeNull();
    expect(claimClash("Heard that about two-thirds of Medicaid beneficiaries are kids, but they account for one-third of the cost", fc("About two-thirds of Medicaid beneficiaries are children, but they account for one-third of the program's cost"))).toBeNull();
    expect(claimClash("The Texas Senate approved a bill to put a special label on the insurance cards of anyone who cancelled a plan through Obamacare.", claim)).toBe("object");
  });
  it("sees another name or number in a short post that restates the start of a longer claim", () => {
    const pelosi = fc("Rep. nancy pelosi was arrested by the secret service for plotting a coup to overthrow the president.");
    expect(claimDifferences("Senator Warren was arrested for plotting a coup", pelosi)).toEqual([{ kind: "person", post: "Warren", claim: "Nancy Pelosi" }]);
    expect(claimDifferences("Nancy Pelosi was arrested for plotting a coup", pelosi)).toEqual([]);
    const children = fc('"Six years after unionization, 20,000 fewer children in Illinois were being served by the Child Care Assistance Program."');
    expect(claimDifferences("Six years after unionization, 10,000 fewer children in Illinois", children).map((d) => d.kind)).toEqual(["quantity"]);
    expect(claimDifferences("Six years after unionization, 20,000 fewer children in Illinois", children)).toEqual([]);
    // A country or state right after a name and a comma is a country, not a surname ("Michael Jordan" is one).
    const tpp = fc('Thanks to the Trans-Pacific Partnership, "Vietnam is drafting and presenting unprecedented labor reforms and upholding worker rights."');
    expect(claimDifferences("Thanks to the Trans-Pacific Partnership, Australia is drafting and", tpp)).toEqual([{ kind: "country", post: "Australia", claim: "Vietnam" }]);
    const board = fc('The Orange County, Florida, school board "voted to make it impossible for a student to receive a grade lower than 50."');
    expect(claimDifferences("The Orange County, Maryland, school board", board).map((d) => d.kind)).toEqual(["place"]);
    // A person the claim names apart, in a lower-cased claim ("joe biden's son, hunter") is no other person.
    const hunter = fc('joe biden\'s son, hunter, turned himself in to the fbi and "flipped" on his father.');
    expect(claimDifferences("Hunter Biden turned himself in to the FBI", hunter)).toEqual([]);
    expect(claimDifferences("Ashley Biden turned himself in to the FBI", hunter).map((d) => d.kind)).toEqual(["person"]);
  });

  it("sees another thing of the slot's kind in a short post that restates a longer claim, not a rewording", () => {
    const koko = fc("A video shows koko the gorilla spontaneously using sign language to issue a warning about climate change.");
    expect(claimDifferences("A video shows Koko the cow spontaneously using sign", koko)).toEqual([{ kind: "object", post: "cow", claim: "gorilla" }]);
    expect(claimDifferences("A video shows Koko the gorilla spontaneously using sign", koko)).toEqual([]);
    // Not "primate" or "animal": a gorilla is one, so the post says the same thing more generally. ("ape" is outside
    // the fact-check vocabulary the WordNet tables keep: a copy of the claim's words with it reads as another claim.)
    expect(claimDifferences("A video shows Koko the primate spontaneously using sign", koko)).toEqual([]);
    expect(claimDifferences("A video shows Koko the animal spontaneously using sign", koko)).toEqual([]);
    const transit = fc('Says "As Mayor of Wilsonville, I drove TriMet out of town and replaced their bloated transit system with our own local bus line that offers better service and has saved our businesses millions of dollars."');
    expect(claimDifferences("As Mayor of Wilsonville, I drove TriMet out of town and replaced their bloated transit system with our own local bicycle line that offers", transit)).toEqual([
      { kind: "object", post: "bicycle", claim: "bus" },
    ]);
    // Rewordings of a restated claim: another part of speech, another kind of thing, other neighbours, or a name of
    // another kind.
    expect(claimDifferences("Does This Video Document Google Manipulating Searches for Hillary Clinton?", fc("Search engine google manipulated results in favor of hillary clinton."))).toEqual([]);
    expect(claimDifferences("The United States Revokes Scientology’s Tax-Exempt Status", fc("The supreme court revoked the church of scientology's tax-exempt status in march 2016."))).toEqual([]);
    expect(claimDifferences("Is Justin Trudeau Fidel Castro’s Love Child?", fc("Canadian prime minister justin trudeau is fidel castro’s son."))).toEqual([]);
  });

  it("sees one slot swapped in a word-for-word copy of the claim's words, cut short or not", () => {
    const dolphins = fc('The Miami Dolphins "are the only NFL team in the entire nation that pays property taxes."');
    expect(claimDifferences("The Miami Dolphins are the only FIFA team in the", dolphins)).toEqual([{ kind: "organisation", post: "FIFA", claim: "NFL" }]);
    expect(claimDifferences("The Miami Dolphins are the only NFL team in the", dolphins)).toEqual([]);
    const ban = fc('"A majority of Americans agree with" a ban on assault weapons. "And by the way, so did Ronald Reagan."');
    expect(claimDifferences("A majority of Americans agree with a ban on pistols. And by", ban)).toEqual([{ kind: "object", post: "pistols", claim: "assault weapons" }]);
    const autism = fc('"The health care price tag for childhood obesity in Georgia is $2.4 billion annually and rising."');
    expect(claimDifferences("The health care price tag for childhood autism in Georgia is", autism).map((d) => d.post)).toEqual(["autism"]);
    // A post ending in its slot: the claim's slot is the rest of a claim that ends a few words later; a place's word
    // kept ("Miami") is no name kept.
    const depot = fc("An image depicts muslim men buying or stealing propane tanks at a miami home depot.");
    expect(claimDifferences("An image depicts Muslim men buying or stealing propane tanks at a Miami Subway.", depot)).toEqual([
      { kind: "name", post: "Subway", claim: "home depot" },
    ]);
    // The same thing said more specifically is a narrower claim than the one checked.
    const truck = fc("Six anti-trump protesters were killed by a truck in the course of demonstrating on a freeway.");
    expect(claimDifferences("Six anti-Trump protesters were killed by a tractor in the course", truck).map((d) => d.post)).toEqual(["tractor"]);
    expect(claimDifferences("Six anti-Trump protesters were killed by a vehicle in the course", truck)).toEqual([]);
    // The slot may be the claim's first words, after a few words of the post's own ending in punctuation; a
    // reporting word ("Says …", PolitiFact's opening) is no slot.
    const blm = fc("Black lives matter leader marquesha johnson was sued for embezzling millions of dollars in donations.");
    expect(claimDifferences("Read this: SEIU leader Marquesha Johnson was sued for embezzling millions of dollars in donations.", blm)).toEqual([
      { kind: "object", post: "SEIU", claim: "Black lives matter" },
    ]);
    const ebola = fc('"Money towards the Ebola vaccine is basically cut in half to what it was. More cuts are coming under the congressional sequester."');
    expect(claimDifferences("Someone in my group says Funds towards the Ebola vaccine is basically cut in half to what it was.", ebola)).toEqual([]);
    const says = fc('Says that President Obama said if Congress passed the economic stimulus bill, "we would have unemployment at 8 percent and no higher."');
    expect(claimDifferences("Is it true that President Obama said if Congress passed the economic stimulus bill, we would have unemployment at 8 percent", says)).toEqual([]);
    // Another first name before the same surname is another person, in a headline-cased or lower-cased post too.
    const stevens = fc("John Paul Stevens is the only Protestant on the U.S. Supreme Court.");
    expect(claimDifferences("Nick Fish Stevens is the only Protestant on the U.S. Supreme Court.", stevens).map((d) => d.kind)).toEqual(["person"]);
    const ad = fc('"PolitiFact Texas gave" a David Dewhurst TV ad "a ‘Pants-on-Fire’ rating as an outrageous lie."');
    expect(claimDifferences("politifact texas gave a heidi scheuermann tv ad a ‘pants-on-fire’ rating as an outrageous lie.", ad).map((d) => d.kind)).toEqual(["person"]);
    // Two changes around a word both slots hold are no one swap; the same digits are one number.
    const holder = fc("Eric Holder participated in armed the occupation of Columbia a University ROTC office in 1970.");
    expect(claimDifferences("Eric Holder participated in armed takeover of former Columbia", holder)).toEqual([]);
    const cone = fc("Dairy Queen is hosting Free Cone Day on March 20th in 2017 across the country.");
    expect(claimDifferences("Dairy Queen is hosting Free Cone Day on March 20 in 2017", cone)).toEqual([]);
    // Not another claim: a misspelling, another form of the word, a synonym, the same person named otherwise.
    expect(claimDifferences("The health care price tag for childhood obessity in Georgia is", autism)).toEqual([]);
    expect(claimDifferences("The health care cost tag for childhood obesity in Georgia is", autism)).toEqual([]);
    const trump = fc("Donald Trump said that he would deport every undocumented immigrant in his first week in office.");
    expect(claimDifferences("President Trump said that he would deport every undocumented immigrant in his first", trump)).toEqual([]);
    expect(claimDifferences("Photo: Trump said that he would deport every undocumented immigrant in his first week", trump)).toEqual([]);
    // A copy of the claim's words only from "the" on: the post's opening is its own.
    expect(claimDifferences("The United States Revokes Scientology’s Tax-Exempt Status", fc("The supreme court revoked the church of scientology's tax-exempt status in march 2016."))).toEqual([]);
  });

  it("sees a person swapped into an institution's name, or into a name beside another word of the claim", () => {
    // "General Assembly" is no person "Assembly" named by the title "General", and "John Thomaides Assembly" no
    // person either: the slot holds another legislature.
    const bill = fc("A bill before the Georgia General Assembly would make presidential candidates meet citizenship requirements that are not in the U.S. Constitution.");
    expect(claimDifferences("A bill before the John Thomaides Assembly would make presidential candidates meet citizenship requirements that are not in the U.S. Constitution.", bill)).toEqual([
      { kind: "place", post: "John Thomaides", claim: "Georgia General" },
    ]);
    expect(claimDifferences("A bill before the Georgia General Assembly would make presidential candidates meet citizenship requirements.", bill)).toEqual([]);
    // "African" kept before the slot is no surname of "Tom Wolf" ("Donald Trump" / "President Trump" still are one).
    const collar = fc("An image depicts a Tiffany-made slave collar on display at the National Museum of African American History and Culture in Washington, D.C.");
    expect(claimDifferences("An image depicts a Tiffany-made slave collar on display at the National Museum of African Tom Wolf and Culture in Washington, D.C.", collar)).toEqual([
      { kind: "country", post: "Tom Wolf", claim: "American History" },
    ]);
    expect(claimDifferences("A video shows Donald Trump saying he would never raise taxes on the middle class", fc("A video shows President Trump saying he would never raise taxes on the middle class"))).toEqual([]);
  });

  it("never throws on a copy that stops inside its slot, nor on copies cut and changed at random", () => {
    // A post ending one word into a slot that might run past it (the 1M bench's replica "… when he was examines audit").
    const nixon = fc('"Richard Nixon released tax returns when he was examines audit."');
    expect(claimDifferences("Richard Nixon released tax returns when he was under audit.", nixon)).toEqual([]);
    const claims = [
      'The Miami Dolphins "are the only NFL team in the entire nation that pays property taxes."',
      "Black lives matter leader marquesha johnson was sued for embezzling millions of dollars in donations.",
      "Rep. nancy pelosi was arrested by the secret service for plotting a coup to overthrow the president.",
      "러시아 국영 언론은 북한이 러시아를 지원하기 위해 우크라이나에 군대를 파병하기로 결정했다고 보도했다",
      "A photograph shows lady gaga being placed in a squad car after she tweeted a negative comment about melania trump.",
    ];
    const random = seededRandom(15);
    const pick = <T,>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
    const fillers = ["FIFA", "the", "Read this:", "!!!", "Donald", "under", "", "🤯", "2016", "U.S.", "Nick Fish"];
    let compared = 0;
    for (const claim of claims) {
      const words = claim.split(" ");
      for (let n = 0; n < 60; n++) {
        const post = words.slice(Math.floor(random() * 3), 1 + Math.floor(random() * words.length)).map((w) => (random() < 0.15 ? pick(fillers) : w));
        if (random() < 0.3) post.unshift(pick(fillers));
        const text = post.join(" ");
        expect(() => claimDifferences(text, fc(claim)), text).not.toThrow();
        expect(() => claimDifferences(claim, fc(text || ".")), text).not.toThrow();
        compared += 2;
      }
    }
    expect(compared).toBe(claims.length * 120);
  });

  it("reads a headline's adjective before a name as no first name ('Confident Trump' is Donald Trump)", () => {
    const trump = fc("Donald Trump said he could shoot somebody and not lose voters");
    expect(claimDifferences("Confident Trump says could 'shoot somebody' and not lose voters", trump)).toEqual([]);
    expect(claimDifferences("Furious Trump says could 'shoot somebody' and not lose voters", trump)).toEqual([]);
    expect(claimDifferences("Melania Trump says could 'shoot somebody' and not lose voters", trump).map((d) => d.kind)).toEqual(["person"]);
  });

  it("reads a month before a day, a county and a lone institution word as no person", async () => {
    const { findMentions } = await import("../../src/core/entities.ts");
    const kinds = (text: string) => findMentions(text).mentions.map((m) => `${m.text}:${m.kind}`);
    // "Jan" is a first name (the mined list says person) but a date before a day.
    expect(kinds("While speaking on the Senate floor on Jan. 22, 2021, Chuck Schumer said it")).toEqual(["Senate:organisation", "Chuck Schumer:person"]);
    expect(kinds("Governor Jan Brewer signed it")).toEqual(["Jan Brewer:person"]);
    expect(kinds("We flipped Clark County and held on to Washoe county")).toContain("Clark County:place");
    expect(kinds("The Department Of Defense has cancelled Fox News")).toContain("Department:organisation");
    // So none of them is another person in a short post about the claim's person.
    const schumer = fc("While speaking on the Senate floor on Jan. 22, 2021, Senate Majority Leader Chuck Schumer (D-NY) accidentally said erection instead of insurrection.");
    expect(claimDifferences("WATCH: Chuck Schumer accuses Donald Trump of inciting an erection", schumer)).toEqual([]);
  });

  it("does not call a long post different for names outside the part that states the claim", () => {
    const post =
      "Forwarded many times. My cousin Mike Johnson from Texas sent me this, share before they delete it!! " +
      "Nancy Pelosi was arrested by the Secret Service for plotting a coup to overthrow the president. " +
      "I always knew it. God bless America, Greg from Ohio says the media will never report this.";
    expect(claimDifferences(post, fc("Rep. nancy pelosi was arrested by the secret service for plotting a coup to overthrow the president."))).toEqual([]);
  });
});

describe("extraSpecificsChecker: a post more specific than the fact-check", () => {
  it("names the places and numbers of the post that the fact-check never mentions", async () => {
    const { extraSpecificsChecker } = await import("../../src/core/claim-identity.ts");
    const wall = { claim: 'Says Hillary Clinton "wanted the wall."' };
    expect(extraSpecificsChecker("Hillary Clinton once wanted a wall on the Yemeni border.")(wall)).toEqual(["Yemeni"]);
    expect(extraSpecificsChecker("Hillary Clinton wanted the wall!")(wall)).toEqual([]);
    expect(extraSpecificsChecker("She balanced a $50 billion budget shortfall without raising taxes")({ claim: "Says he balanced the budget without raising taxes." })).toEqual(["50"]);
    // A place the fact-check's title or summary names is no extra; a post sharing little of the claim is not judged.
    expect(extraSpecificsChecker("Hillary Clinton wanted the wall on the Mexican border")({ ...wall, summary: "About the border with Mexico." })).toEqual([]);
    expect(extraSpecificsChecker("Flights to Yemen are cancelled, says the wall street journal")(wall)).toEqual([]);
  });
  it("reads an age as a description of someone, not an amount the fact-check left out", async () => {
    const { extraSpecificsChecker } = await import("../../src/core/claim-identity.ts");
    const died = { claim: "Actor Gabourey Sidibe has died of an apparent asthma attack." };
    expect(extraSpecificsChecker("Did 32-year-old actor Gabourey Sidibe die of an asthma attack?")(died)).toEqual([]);
    expect(extraSpecificsChecker("Actor Gabourey Sidibe has died of an asthma attack at the age of 32")(died)).toEqual([]);
    expect(extraSpecificsChecker("Actor Gabourey Sidibe has died of an asthma attack, 32 fans said")(died)).toEqual(["32"]);
  });
  it("tells the other person of a short post about the claim's person apart, when the claim has one the post lacks", async () => {
    const { claimDifferences, extraSpecificsChecker } = await import("../../src/core/claim-identity.ts");
    const tweet = { claim: 'House minority leader nancy pelosi tweeted that she was disgusted with "president" trump after the passage of a tax reform bill.' };
    const post = "Unbelievable. House Minority Leader Nancy Pelosi has endorsed Bernie Sanders for president.";
    // Another claim (about whom), in DMs as in groups: the reply says the checked claim is about Trump, not Sanders.
    expect(claimDifferences(post, tweet)).toEqual([{ kind: "person", post: "Bernie Sanders", claim: "Trump" }]);
    expect(extraSpecificsChecker(post)(tweet)).toEqual([]);
    // The claim's other person named by one of their words ("Trump"), or no other person in the post: the same claim.
    expect(claimDifferences("Nancy Pelosi tweeted she was disgusted with Trump, says Bernie Sanders.", tweet)).toEqual([]);
    expect(claimDifferences("Nancy Pelosi said she was disgusted after the tax bill passed.", tweet)).toEqual([]);
    // A long post is not its claim: tweets name other people all the time.
    const long = "Unbelievable. House Minority Leader Nancy Pelosi has endorsed Bernie Sanders for president, and what comes next will surprise nobody who watched the last three primary debates closely this year.";
    expect(claimDifferences(long, tweet)).toEqual([]);
  });
  it("keeps such a candidate out of a group match, not out of a DM match", async () => {
    const { notSameClaim } = await import("../../src/core/lookup.ts");
    const candidate = Object.defineProperty({ factCheck: { id: "a" } as FactCheck, score: 0.99, backendScore: 1, matchedTerms: [], urlHit: false }, "extraSpecifics", { value: ["Yemeni"] });
    expect(notSameClaim(candidate, "group")).toBe(true);
    expect(notSameClaim(candidate, "dm")).toBe(false);
    expect(decide([candidate], "group", undefined, notSameClaim).outcome).toBe("none");
    expect(decide([candidate], "dm", undefined, notSameClaim).outcome).toBe("match");
  });
});

describe("claimDifferences: polarity, contrasts, numbers (the former guards)", () => {
  it("vetoes the opposite polarity on short posts", () => {
    expect(claimClash("Vaccines cause autism", fc("Science is very certain that the measles vaccine doesn't cause autism"))).toBe("polarity");
    expect(claimClash("Vaccines don't cause autism", fc("Vaccines cause autism"))).toBe("polarity");
    expect(claimClash("Vaccines cause autism!!", fc("Vaccines cause autism in children"))).toBeNull();
  });
  it("vetoes contrasting pairs", () => {
    const seed = fc("Russian state media reported that North Korea has decided to send troops to Ukraine");
    expect(claimClash("South Korea decided to send weapons to Ukraine", seed)).toBe("country");
    expect(claimClash("North Korea is sending troops to Ukraine", seed)).toBeNull();
    expect(claimClash("Unemployment rose last year", fc("Unemployment fell last year"))).toBe("polarity");
  });
  it("reads a name written with or without spaces as one, and a month as no object", () => {
    expect(claimClash("Sea World puts orcas in plastic bags while their tanks are cleaned", fc("SeaWorld puts orcas in plastic bags while their tanks are cleaned"))).toBeNull();
    expect(claimClash("SeaWorld puts orcas in plastic bags while their tanks are cleaned", fc("Disney puts orcas in plastic bags while their tanks are cleaned"))).not.toBeNull();
    expect(claimClash("McDonald's is getting rid of its Dollar Menu in January of 2016", fc('McDonald\'s is getting rid of its "Dollar Menu" come 2016'))).toBeNull();
    expect(claimClash("McDonald's is getting rid of its Happy Meal in 2016", fc('McDonald\'s is getting rid of its "Dollar Menu" in 2016'))).not.toBeNull();
  });
  it("names a relative swapped for another (whose son, whose daughters)", () => {
    const daughters = fc("Two of House minority leader Nancy Pelosi's daughters were arrested for trafficking drugs");
    expect(claimDifferences("House Minority Leader Nancy Pelosi's son was arrested for murder.", daughters)[0]).toEqual({
      kind: "person", post: "Nancy Pelosi's son", claim: "Nancy Pelosi's daughters",
    });
    expect(claimClash("Nancy Pelosi's daughter was arrested for trafficking drugs", daughters)).toBeNull();
    // "children" says nothing of which relative.
    expect(claimClash("Nancy Pelosi's children were arrested for trafficking drugs", daughters)).toBeNull();
  });
  it("finds a number swapped in one slot while the same number stands in another", () => {
    const claim = fc("It's commercial vehicles, 18 wheelers and above, that cause 90 plus percent of the damages on our highways");
    expect(claimDifferences("It's commercial vehicles, 90 wheelers and above, that cause 90 plus percent of the damages on our highways", claim)[0])
      .toEqual({ kind: "quantity", post: "90", claim: "18" });
    expect(claimClash("Commercial vehicles, 18 wheelers and above, cause 90 plus percent of the damages on our highways", claim)).toBeNull();
  });
  it("reads a hyphenated compound as one word of a swapped object", () => {
    const claim = fc("In states that have private-sale background checks for handguns 49 percent fewer women are shot and killed");
    expect(claimClash("In states that have private-sale background checks for semi-automatic rifles 49 percent fewer women are shot and killed", claim)).toBe("object");
    expect(claimClash("In states that have private sale background checks for handguns, 49 percent fewer women are shot and killed", claim)).toBeNull();
  });
  it("reads a decimal or a number with thousands separators as one number", () => {
    expect(claimDifferences("Obamacare will drive 5 million Americans out of the workforce", fc("Obamacare will drive 2.5 million Americans out of the workforce"))[0])
      .toEqual({ kind: "quantity", post: "5", claim: "2.5" });
    expect(claimClash("Rick Scott cut education by $3.9 billion in his first year", fc("Rick Scott cut education by $1.3 billion in his first year"))).toBe("quantity");
    expect(claimClash("Obamacare will drive 2.5 million Americans out of the workforce", fc("Obamacare will drive 2.50 million Americans out of the workforce"))).toBeNull();
    expect(claimClash("The Dow dropped 1,000 points in two days", fc("The Dow dropped 1000 points in two days"))).toBeNull();
  });
  it("vetoes numbers that never agree, and accepts one that does", () => {
    expect(claimClash("Biden added 15 million jobs", fc("Biden added 10 million jobs"))).toBe("quantity");
    expect(claimClash("Biden added 10 million jobs in 2021", fc("Biden added 10 million jobs"))).toBeNull();
    expect(claimClash("Biden added millions of jobs", fc("Biden added 10 million jobs"))).toBeNull();
  });
  it("compares only wordings that share words with the post (other languages say nothing either way)", () => {
    const seed = fc("North Korea has decided to send troops to Ukraine", ["북한, 러시아 지원 위해 우크라이나에 파병 결정"]);
    expect(claimClash("South Korea decided to send troops to Ukraine", seed)).toBe("country");
    expect(claimClash("북한 러시아 지원 위해 우크라이나에 파병 결정했다", seed)).toBeNull();
  });
  it("lets long posts mention a negation without vetoing", () => {
    const long = `${"word ".repeat(45)}North Korea will not stop: it has decided to send troops to Ukraine`;
    expect(claimClash(long, fc("North Korea has decided to send troops to Ukraine"))).toBeNull();
  });
});

describe("decide with differences", () => {
  const m = (id: string, score: number, urlHit = false): ScoredMatch => ({
    factCheck: { id } as FactCheck,
    score,
    backendScore: 1,
    matchedTerms: [],
    urlHit,
  });
  it("never makes a vetoed candidate a match; dm may still call it related", () => {
    const vetoAll = () => true;
    expect(decide([m("a", 0.99)], "group", undefined, vetoAll).outcome).toBe("none");
    const dm = decide([m("a", 0.99)], "dm", undefined, vetoAll);
    expect(dm.outcome).toBe("related");
  });
  it("keeps vetoed candidates out of a match's extras", () => {
    const d = decide([m("a", 0.99), m("b", 0.95), m("c", 0.9)], "dm", undefined, (c) => c.factCheck.id === "b");
    expect(d.outcome).toBe("match");
    expect(d.matches.map((x) => x.factCheck.id)).toEqual(["a", "c"]);
  });
  it("lets the best-ranked candidate decide: a near-miss on top is not passed over for one below it", () => {
    const nearFirst = [m("near", 0.99), m("same", 0.9)];
    const differs = (c: ScoredMatch) => c.factCheck.id === "near";
    expect(decide(nearFirst, "group", undefined, differs).outcome).toBe("none");
    const dm = decide(nearFirst, "dm", undefined, differs);
    expect(dm.outcome).toBe("related");
    expect(dm.matches.map((x) => x.factCheck.id)).toEqual(["near", "same"]);
    // The same-claim one on top matches, with the near-miss kept out of its extras.
    expect(decide([m("same", 0.99), m("near", 0.95)], "group", undefined, differs).matches.map((x) => x.factCheck.id)).toEqual(["same"]);
  });
  it("lets a URL hit just below a near-miss decide (the post links the fact-check's subject)", () => {
    const d = decide([m("near", 0.99), m("linked", 0.7, true)], "group", undefined, (c) => c.factCheck.id === "near");
    expect(d.outcome).toBe("match");
    expect(d.matches[0]?.factCheck.id).toBe("linked");
  });
  it("trusts a URL hit over the text rules", () => {
    expect(decide([m("a", 0.99, true)], "group", undefined, () => true).outcome).toBe("match");
  });
});

describe("the lookup applies claim identity (seed index)", async () => {
  const { readFileSync } = await import("node:fs");
  const { FactCheckSchema } = await import("../../src/core/factcheck.ts");
  const { MemorySearchIndex } = await import("../../src/search/memory.ts");
  const { createLookup } = await import("../../src/core/lookup.ts");
  const seed = FactCheckSchema.parse(
    JSON.parse(readFileSync(new URL("../fixtures/lookup/seed-afp.jsonl", import.meta.url), "utf8").trim().split("\n")[0]!),
  );
  const index = new MemorySearchIndex();
  await index.upsert([seed]);
  const lookup = createLookup({ index });

  it("does not answer a South Korea post with the North Korea fact-check", async () => {
    const { createLookupTrace } = await import("../../src/core/lookup.ts");
    const trace = await createLookupTrace({ index })({ text: "South Korea decided to send weapons to Ukraine" }, "dm");
    expect(trace.ranked[0]?.factCheck.id).toBe(seed.id);
    expect(trace.ranked[0]?.differences[0]).toMatchObject({ kind: "country", post: "South Korea", claim: "North Korea" });
    expect((await createLookupTrace({ index })({ text: "Iran has decided to send troops to Ukraine" }, "dm")).ranked[0]?.differences[0])
      .toMatchObject({ kind: "country", post: "Iran", claim: "North Korea" });
    for (const mode of ["dm", "group"] as const) {
      const result = await lookup({ text: "South Korea decided to send weapons to Ukraine" }, mode);
      expect(result.outcome).not.toBe("match");
    }
  });
  it("answers a near-miss in dm as related, naming the difference, and returns it in the JSON", async () => {
    const { toLookupJson } = await import("../../src/core/lookup.ts");
    const post = { text: "Russian state media reported that Iran has decided to send troops to Ukraine to support Russia" };
    const dm = await lookup(post, "dm");
    expect(dm.outcome).toBe("related");
    expect(dm.matches[0]?.differences?.[0]).toEqual({ kind: "country", post: "Iran", claim: "North Korea" });
    expect(toLookupJson(dm).matches[0]?.differences).toEqual([{ kind: "country", post: "Iran", claim: "North Korea" }]);
    expect((await lookup(post, "group")).outcome).toBe("none");
  });
  it("still matches the seed post itself", async () => {
    const result = await lookup({ text: "North Korea is sending troops to Ukraine to fight for Russia, Russian state TV says" }, "dm");
    expect(result.outcome).toBe("match");
  });
});

describe("claimDifferences numbers", () => {
  it("reads a lone digit before a magnitude, and ignores it elsewhere", () => {
    expect(claimClash("We've spent $6 trillion in the Middle East", fc("We have spent $7 trillion in the Middle East"))).toBe("quantity");
    expect(claimClash("5 reasons the Middle East war cost 700 lives", fc("The Middle East war cost 700 lives"))).toBeNull();
  });
});
