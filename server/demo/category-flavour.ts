import type { CreatorCategory } from '../db/index.ts'

/** What makes a category's creators sound like themselves: channel name words, titles, lengths. */
export interface CategoryFlavour {
  label: string
  /** Words that end a channel name: "Maya Codes", "PixelForge". */
  nameWords: readonly string[]
  /** Upload titles; `{topic}` is filled from `topics`. */
  titles: readonly string[]
  topics: readonly string[]
  streamTitles: readonly string[]
  /** Typical upload length in minutes. */
  minutes: readonly [number, number]
  /** How likely a creator of the category also (or only) streams on Twitch. */
  twitchShare: number
  palette: readonly [string, string]
}

export const CATEGORY_FLAVOURS: Record<CreatorCategory, CategoryFlavour> = {
  gaming: {
    label: 'gaming',
    nameWords: ['Plays', 'Gaming', 'Arcade', 'Quest', 'Pixel', 'Respawn', 'Speedruns', 'Clutch'],
    titles: ['I Beat {topic} Without Taking Damage', '{topic} but Every Death Makes It Harder', 'Ranking Every Boss in {topic}', 'The Hardest {topic} Challenge Yet', '100 Days in {topic}', 'Why {topic} Is Secretly Genius'],
    topics: ['Elden Ring', 'Minecraft', 'Hollow Knight', 'Celeste', 'Stardew Valley', 'Hades II', 'Factorio', 'Terraria', 'Balatro', 'Rocket League'],
    streamTitles: ['{topic} until I win', 'Blind {topic} playthrough, day {n}', '{topic} ranked grind', 'Chill {topic} and chat'],
    minutes: [12, 45],
    twitchShare: 0.75,
    palette: ['#6d28d9', '#22d3ee'],
  },
  music: {
    label: 'music',
    nameWords: ['Music', 'Beats', 'Sound', 'Keys', 'Strings', 'Records', 'Sessions', 'Vocals'],
    titles: ['{topic} (Official Video)', '{topic} – Live Session', 'Writing a Song About {topic} in One Hour', '{topic} Acoustic Cover', 'How I Produced {topic}'],
    topics: ['Midnight Drive', 'Paper Moons', 'Golden Hour', 'Static Hearts', 'Northern Lights', 'Slow Motion', 'City Rain', 'Echoes'],
    streamTitles: ['Making a beat from scratch', 'Piano requests, {n} songs in', 'Live mixing session', 'Songwriting with chat'],
    minutes: [3, 8],
    twitchShare: 0.3,
    palette: ['#db2777', '#f59e0b'],
  },
  technology: {
    label: 'technology',
    nameWords: ['Tech', 'Codes', 'Builds', 'Bytes', 'Labs', 'Reviews', 'Hardware', 'Dev'],
    titles: ['{topic}: The Honest Review', 'I Used {topic} for 30 Days', '{topic} vs Everything Else', 'Building {topic} From Scratch', 'The Truth About {topic}'],
    topics: ['the New Phone', 'a Mechanical Keyboard', 'Linux on the Desktop', 'a Home Server', 'the Budget Laptop', 'Rust', 'a Tiny PC', 'E-Ink Tablets'],
    streamTitles: ['Coding {topic} live', 'Building a PC with chat', 'Q&A and tech news', 'Fixing viewer setups'],
    minutes: [8, 25],
    twitchShare: 0.3,
    palette: ['#2563eb', '#10b981'],
  },
  education: {
    label: 'education',
    nameWords: ['Explains', 'Academy', 'Learns', 'Class', 'Lessons', 'Notes', 'Tutor', 'Insight'],
    titles: ['{topic} Explained in 10 Minutes', 'Why Nobody Understands {topic}', 'The History of {topic}', '{topic}: A Visual Guide', 'Everything Wrong With How We Teach {topic}'],
    topics: ['Calculus', 'the Roman Empire', 'Compound Interest', 'Grammar', 'the French Revolution', 'Probability', 'Memory', 'Languages'],
    streamTitles: ['Study with me, {n} hours', 'Homework help live', 'Q&A: ask me anything about {topic}'],
    minutes: [8, 30],
    twitchShare: 0.15,
    palette: ['#0891b2', '#facc15'],
  },
  entertainment: {
    label: 'entertainment',
    nameWords: ['Show', 'TV', 'Studios', 'Live', 'Crew', 'Time', 'Reacts', 'Daily'],
    titles: ['We Tried {topic} for 24 Hours', 'Last to Leave {topic} Wins', 'Reacting to {topic}', 'I Surprised My Friends With {topic}', 'Rating {topic}'],
    topics: ['a Haunted House', 'the Worst Reviewed Hotel', 'Viral Gadgets', 'a Mystery Box', 'Fan Art', 'Every Fast Food Menu', 'a Tiny Island'],
    streamTitles: ['Just chatting and reacting', 'Watch party: {topic}', 'Game show night, round {n}'],
    minutes: [10, 30],
    twitchShare: 0.35,
    palette: ['#ea580c', '#e11d48'],
  },
  comedy: {
    label: 'comedy',
    nameWords: ['Laughs', 'Sketches', 'Comedy', 'Jokes', 'Bits', 'Funnies', 'Roast', 'Improv'],
    titles: ['When {topic} Goes Wrong', 'If {topic} Were Honest', 'Every {topic} Ever', 'POV: You Are {topic}', '{topic}, but Make It Dramatic'],
    topics: ['a Group Project', 'Your Landlord', 'a Job Interview', 'the Gym', 'Online Shopping', 'a Wedding Speech', 'Monday Morning'],
    streamTitles: ['Improv with chat suggestions', 'Writing sketches live', 'Roasting your setups'],
    minutes: [3, 15],
    twitchShare: 0.25,
    palette: ['#f97316', '#84cc16'],
  },
  sports: {
    label: 'sports',
    nameWords: ['Sports', 'Athletics', 'Training', 'Fitness', 'Runs', 'Hoops', 'Kicks', 'Coach'],
    titles: ['I Trained Like {topic} for a Week', '{topic}: Full Breakdown', 'Best Moments of {topic}', 'Can I Beat {topic}?', 'The Science of {topic}'],
    topics: ['a Marathon Runner', 'the Finals', 'a Pro Climber', 'the World Cup', 'a Tennis Pro', 'an Olympic Swimmer', 'the Derby'],
    streamTitles: ['Live match commentary', 'Morning workout, day {n}', 'Fantasy league draft'],
    minutes: [8, 22],
    twitchShare: 0.2,
    palette: ['#16a34a', '#0ea5e9'],
  },
  food: {
    label: 'food',
    nameWords: ['Cooks', 'Kitchen', 'Eats', 'Bakes', 'Cuisine', 'Recipes', 'Table', 'Grill'],
    titles: ['The Perfect {topic}', 'I Made {topic} From Scratch', '{topic} 3 Ways', 'Fixing the Internet\'s Worst {topic}', '$5 vs $500 {topic}'],
    topics: ['Sourdough', 'Ramen', 'Croissants', 'Tacos', 'Lasagna', 'Curry', 'Cheesecake', 'Dumplings', 'Pizza'],
    streamTitles: ['Cooking dinner with chat', 'Baking marathon, loaf {n}', 'Kitchen Q&A'],
    minutes: [8, 20],
    twitchShare: 0.15,
    palette: ['#dc2626', '#fbbf24'],
  },
  lifestyle: {
    label: 'lifestyle',
    nameWords: ['Life', 'Vlogs', 'Daily', 'Style', 'Home', 'Journey', 'Days', 'Living'],
    titles: ['A Week in My Life: {topic}', 'My {topic} Routine', 'Trying {topic} So You Don\'t Have To', '{topic} Makeover', 'Honest Thoughts on {topic}'],
    topics: ['Slow Mornings', 'Minimalism', 'a Tiny Apartment', 'Moving Abroad', 'Van Life', 'a Digital Detox', 'Plant Care'],
    streamTitles: ['Cozy chat and tea', 'Room makeover live', 'Sunday reset with you'],
    minutes: [8, 25],
    twitchShare: 0.2,
    palette: ['#a855f7', '#f472b6'],
  },
  science: {
    label: 'science',
    nameWords: ['Science', 'Lab', 'Physics', 'Space', 'Experiments', 'Nature', 'Cosmos', 'Theory'],
    titles: ['What Happens if {topic}?', 'The Strange Physics of {topic}', 'We Built {topic} in the Lab', '{topic} Is Weirder Than You Think', 'Testing {topic} Myths'],
    topics: ['Black Holes', 'Lightning', 'Octopuses', 'Superconductors', 'Volcanoes', 'the Deep Sea', 'Quantum Dots', 'Fungi'],
    streamTitles: ['Live experiment: {topic}', 'Telescope night, session {n}', 'Science news roundup'],
    minutes: [10, 35],
    twitchShare: 0.2,
    palette: ['#0f766e', '#6366f1'],
  },
}

export const FIRST_NAMES = [
  'Alex', 'Maya', 'Sam', 'Noah', 'Lena', 'Omar', 'Priya', 'Jonas', 'Chloé', 'Björn', 'Zoë', 'André', 'Léa', 'Mateo', 'Aiko', 'Kofi',
  'Ines', 'Ravi', 'Hana', 'Felix', 'Nadia', 'Tomás', 'Yuki', 'Emre', 'Sofia', 'Liam', 'Amara', 'Jules', 'Mina', 'Oskar', 'Nour', 'Iván',
] as const

export const TAG_WORDS = [
  'Shadow', 'Pixel', 'Nova', 'Echo', 'Turbo', 'Lunar', 'Frost', 'Blaze', 'Cosmic', 'Velvet', 'Neon', 'Atomic', 'Crimson', 'Silver',
  'Rusty', 'Quantum', 'Mellow', 'Electric', 'Hidden', 'Golden', 'Wild', 'Little', 'Happy', 'Sleepy',
] as const

export const TAG_NOUNS = ['Fox', 'Byte', 'Otter', 'Comet', 'Wolf', 'Panda', 'Raven', 'Falcon', 'Koala', 'Tiger', 'Moth', 'Badger', 'Lynx', 'Gecko'] as const
