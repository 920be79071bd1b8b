/**
 * The shell around every module's pages: layout, home dashboard, error pages and API error answers,
 * and view helpers the templates share.
 */
package dev.loopline.web;
