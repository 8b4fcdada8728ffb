/** Words the seeded posts are made of; the search benchmark looks for them. */
export const WORDS = ['coffee', 'brunch', 'sale', 'weekend', 'market', 'sourdough', 'yoga', 'plumbing', 'garden', 'surf', 'tour', 'bakery', 'special', 'launch', 'community', 'Brisbane', 'Noosa', 'Cairns', 'winter', 'workshop'];
