import { weighted, type WeightedTable } from './random';

// Our own word lists for demo people and content. Names are listed roughly from common to less
// common and drawn with Zipf-like weights, so that searches behave as on real data: "jo" finds a
// lot of people, "xio" only a handful.

const FIRST_NAMES = `
James Mary John Patricia Robert Jennifer Michael Linda David Elizabeth William Barbara Richard Susan
Joseph Jessica Thomas Sarah Charles Karen Christopher Lisa Daniel Nancy Matthew Betty Anthony Sandra
Mark Margaret Donald Ashley Steven Kimberly Paul Emily Andrew Donna Joshua Michelle Kenneth Carol
Kevin Amanda Brian Melissa George Deborah Timothy Stephanie Ronald Rebecca Jason Laura Edward Sharon
Jeffrey Cynthia Ryan Kathleen Jacob Amy Gary Angela Nicholas Shirley Eric Anna Jonathan Brenda
Stephen Pamela Larry Emma Justin Nicole Scott Helen Brandon Samantha Benjamin Katherine Samuel
Christine Gregory Debra Alexander Rachel Frank Carolyn Patrick Janet Raymond Catherine Jack Maria
Dennis Heather Jerry Diane Tyler Ruth Aaron Julie Jose Olivia Adam Joyce Nathan Virginia Henry
Victoria Zachary Kelly Douglas Lauren Peter Christina Kyle Joan Noah Evelyn Ethan Judith Jeremy
Megan Walter Andrea Christian Cheryl Keith Hannah Roger Jacqueline Terry Martha Austin Gloria Sean
Teresa Gerald Ann Carl Sara Harold Madison Dylan Frances Arthur Kathryn Lawrence Janice Jordan Jean
Jesse Abigail Bryan Alice Billy Judy Bruce Sophia Gabriel Grace Joe Denise Logan Amber Alan Doris
Juan Marilyn Albert Danielle Willie Beverly Elijah Isabella Wayne Theresa Randy Diana Vincent
Natalie Mason Brittany Roy Charlotte Ralph Marie Bobby Kayla Russell Alexis Bradley Lori Philip
Aisha Mohammed Fatima Ahmed Priya Arjun Wei Mei Hiroshi Yuki Sven Ingrid Lars Astrid Mateo Lucia
Diego Camila Luca Giulia Pierre Camille Jonas Lena Tomasz Agnieszka Dmitri Olga Kwame Amara Chidi
Ngozi Joao Beatriz Jorge Josefina Johan Joanna Jolene Jovan Joaquin Jodie Joel Josie
`;

const LAST_NAMES = `
Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez
Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark
Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams
Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz Parker
Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper
Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood James
Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo Sanders Patel Myers Long Ross Foster
Jimenez Powell Jenkins Perry Russell Sullivan Bell Coleman Butler Henderson Barnes Gonzales Fisher
Vasquez Simmons Romero Jordan Patterson Alexander Hamilton Graham Reynolds Griffin Wallace West
Cole Hayes Bryant Herrera Gibson Ellis Tran Medina Aguilar Stevens Murray Ford Castro Marshall Owens
Harrison Fernandez McDonald Woods Washington Kennedy Wells Vargas Henry Chen Freeman Webb Tucker
Guzman Burns Crawford Olson Simpson Porter Hunter Gordon Mendez Silva Shaw Snyder Mason Dixon Munoz
Hunt Hicks Holmes Palmer Wagner Black Robertson Boyd Rose Stone Salazar Fox Warren Mills Meyer
Rice Schmidt Garza Daniels Ferguson Nichols Stephens Soto Weaver Ryan Gardner Payne Grant Dunn
Khan Singh Kumar Sato Tanaka Yamamoto Wang Zhang Liu Muller Schneider Novak Kowalski Ivanov Larsen
Johansson Rossi Russo Dubois Moreau Okafor Mensah Haddad Costa Santos Pereira Jovanovic Johns
`;

// Rare on purpose: they give the benchmark and the tests prefixes that match only a few people.
// About 150 Xiomaras in a million members.
const RARE_FIRST_NAMES: readonly (readonly [string, number])[] = [
  ['Xiomara', 0.0005],
  ['Zebulon', 0.001],
  ['Quillon', 0.0003],
];
const RARE_LAST_NAMES: readonly (readonly [string, number])[] = [
  ['Xylander', 0.0005],
  ['Quennell', 0.0003],
];

function zipf(list: string): (readonly [string, number])[] {
  return list
    .trim()
    .split(/\s+/)
    .map((name, rank) => [name, 1 / (rank + 12)] as const);
}

export const firstNames: WeightedTable<string> = weighted([...zipf(FIRST_NAMES), ...RARE_FIRST_NAMES]);
export const lastNames: WeightedTable<string> = weighted([...zipf(LAST_NAMES), ...RARE_LAST_NAMES]);

// Domains reserved for documentation (RFC 2606): demo data must never reach a real inbox, even if
// someone sends a campaign from a seeded tenant through a real SMTP server.
export const emailDomains: WeightedTable<string> = weighted([
  ['example.com', 30],
  ['example.org', 14],
  ['example.net', 12],
  ['mail.example', 10],
  ['inbox.example', 8],
  ['post.example', 6],
  ['studio.example', 4],
  ['agency.example', 4],
  ['consulting.example', 3],
  ['media.example', 3],
]);

export const groupNames = [
  { name: 'Founding members', description: 'The first people to join, before launch.' },
  { name: 'Premium circle', description: 'Everyone with a live paid plan.' },
  { name: 'Agency owners', description: 'Members on the Agency plan.' },
  { name: 'Beginners', description: 'New to social media marketing? Start here.' },
  { name: 'Local meetups', description: 'Members who meet in person.' },
] as const;

export const topics = [
  'content calendar',
  'short-form video',
  'client onboarding',
  'pricing',
  'cold outreach',
  'newsletter growth',
  'LinkedIn carousels',
  'community moderation',
  'AI captions',
  'analytics',
  'retainers',
  'brand voice',
  'launch week',
  'hashtags',
  'podcast clips',
  'case studies',
] as const;

export const titleTemplates = [
  'How I doubled my {topic} results in 30 days',
  'Weekly thread: share your {topic} wins',
  'Question about {topic}',
  'My {topic} checklist (free template)',
  'What is working for you with {topic} right now?',
  'Lessons from a year of {topic}',
  'Live session recap: {topic}',
  'Stuck on {topic}, any advice?',
  'Announcement: new resources on {topic}',
  'Teardown: a {topic} that converted',
] as const;

export const sentences = [
  'Here is what we tried and what happened.',
  'The short version: consistency beat cleverness.',
  'I would love feedback before I roll this out to clients.',
  'We tracked every post in a spreadsheet for a month.',
  'Posting at the same time every day made the biggest difference.',
  'Happy to share the template if it helps anyone.',
  'The first week was slow, then it picked up.',
  'Curious whether others saw the same drop in reach.',
  'Batching the work on Mondays saved me hours.',
  'Our best performer was the least polished one.',
  'Thanks to everyone who answered last time.',
  'Next step is testing this with a second client.',
] as const;

export const commentTexts = [
  'Great write-up, thanks for sharing!',
  'This is exactly what I needed this week.',
  'Did you see the same result on Instagram?',
  'Saving this for later.',
  'We tried something similar and it worked well.',
  'Could you share the template?',
  'Interesting, I had the opposite experience.',
  'How long did it take to see results?',
  'Love this. Trying it tomorrow.',
  'Following, would like to know too.',
] as const;
